# threat-model: remote
import base64
import pickle
from flask import Flask, request

app = Flask(__name__)


@app.route("/session", methods=["POST"])
def restore():
    blob = base64.b64decode(request.form["state"])
    state = pickle.loads(blob)  # expect: py/unsafe-deserialization
    return {"keys": list(state)}
