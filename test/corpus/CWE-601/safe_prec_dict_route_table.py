# threat-model: remote
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/jump")
def jump():
    table = {"home": "/", "help": "/help", "requested": request.args.get("to", "")}
    return redirect(table["help"])
