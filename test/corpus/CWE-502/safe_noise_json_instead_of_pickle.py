# threat-model: remote
import json
from flask import Flask, request

app = Flask(__name__)


@app.route("/state", methods=["POST"])
def state():
    payload = json.loads(request.data)
    return {"ok": isinstance(payload, dict)}
