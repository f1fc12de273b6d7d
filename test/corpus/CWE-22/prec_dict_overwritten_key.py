# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/cfg")
def cfg():
    paths = {"default": "/etc/myapp/default.ini"}
    paths["default"] = request.args.get("p", "")
    with open(paths["default"]) as fh:  # expect: py/path-injection
        return fh.read()
