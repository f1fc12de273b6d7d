# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    config = {"expr": "1 + 1"}
    for config in request.get_json()["configs"]:
        eval(config["expr"])  # expect: py/code-injection
    return "ok"
