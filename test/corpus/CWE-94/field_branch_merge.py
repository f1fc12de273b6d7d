# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    config = {"expr": "1 + 1"}
    if request.args.get("custom"):
        config = {"expr": param}
    eval(config["expr"])  # expect: py/code-injection
    return "ok"
