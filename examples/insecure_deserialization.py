"""Loads user sessions and job definitions from untrusted bytes."""

import base64
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/session", methods=["POST"])
def restore_session():
    # Unpickling attacker-controlled bytes runs arbitrary code.
    data = base64.b64decode(request.form["session"])
    session = pickle.loads(data)
    return {"user": session.get("user")}


def load_job(text):
    # yaml.load with the full loader can construct arbitrary Python objects.
    return yaml.load(text, Loader=yaml.Loader)
