import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/config", methods=["POST"])
def config():
    data = yaml.safe_load(request.data)
    other = yaml.load(request.data, Loader=yaml.SafeLoader)
    return {"keys": len(data) + len(other)}
