# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    index = int(request.args.get("i", "0"))
    values = ["1 + 1", param]
    eval(values[index])  # expect: py/code-injection
    return "ok"
