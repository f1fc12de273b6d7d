# threat-model: remote
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_data():
    data = yaml.unsafe_load(request.data)  # expect: py/unsafe-deserialization
    return {"n": len(data)}
