# threat-model: remote
import json
from flask import Flask, request

app = Flask(__name__)


@app.route("/session", methods=["POST"])
def session():
    state = json.loads(request.get_data(as_text=True))
    return {"keys": sorted(state)}
