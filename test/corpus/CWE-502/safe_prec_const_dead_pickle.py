# threat-model: remote
import json
import pickle
from flask import Flask, request

app = Flask(__name__)
LEGACY_PICKLE = 0


@app.route("/import", methods=["POST"])
def import_data():
    body = request.get_data()
    if LEGACY_PICKLE:
        return {"data": pickle.loads(body)}
    return {"data": json.loads(body)}
