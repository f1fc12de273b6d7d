# threat-model: remote
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/settings2", methods=["POST"])
def settings2():
    data = yaml.load(request.data, Loader=yaml.CSafeLoader)
    return {"keys": sorted(data)}
