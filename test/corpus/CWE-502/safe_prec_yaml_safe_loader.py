# threat-model: remote
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/config", methods=["POST"])
def config():
    return {"config": yaml.load(request.get_data(), Loader=yaml.SafeLoader)}
