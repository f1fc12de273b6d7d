# threat-model: remote
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/settings", methods=["POST"])
def settings():
    data = yaml.load(request.data, Loader=yaml.SafeLoader)
    return {"keys": sorted(data)}
