# threat-model: remote
from flask import Flask, request

app = Flask(__name__)
LIMIT = 10
STRICT = not False


@app.route("/calc")
def calc():
    param = request.args.get("expr", "")
    bar = "1"
    if LIMIT // 3 == 3 and STRICT and LIMIT % 4 == 2:
        bar = param
    eval(bar)  # expect: py/code-injection
    return "ok"
