# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/cfg")
def cfg():
    paths = {}
    paths["user"] = request.args.get("p", "")
    paths["default"] = "/etc/myapp/default.ini"
    with open(paths["default"]) as fh:
        return fh.read()
