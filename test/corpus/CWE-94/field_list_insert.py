# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    values = ["1 + 1", "2 + 2"]
    values.insert(1, param)
    eval(values[1])  # expect: py/code-injection
    return "ok"
