# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    values = []
    values.append("safe")
    values.append(param)
    values.append("moresafe")
    values.pop(0)
    bar = values[0]
    eval(bar)  # expect: py/code-injection
    return "ok"
