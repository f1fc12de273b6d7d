# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    pair = ("1 + 1", param)
    safe_part = pair[0]
    eval(safe_part)
    first, second = "2 * 2", param
    eval(first)
    return "ok"
