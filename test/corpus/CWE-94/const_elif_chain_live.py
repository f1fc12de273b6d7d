# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    param = request.args.get("expr", "")
    target = "ABC"[1]
    if target == "B":
        bar = param
    elif target == "A":
        bar = "6 * 7"
    else:
        bar = "0"
    eval(bar)  # expect: py/code-injection
    return "ok"
