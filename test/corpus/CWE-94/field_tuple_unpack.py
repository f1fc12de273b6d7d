# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    first, second = "2 * 2", param
    eval(second)  # expect: py/code-injection
    return "ok"
