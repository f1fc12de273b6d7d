# threat-model: remote
from flask import Flask, request

app = Flask(__name__)
LIMIT = 10
STRICT = not False


@app.route("/calc")
def calc():
    param = request.args.get("expr", "")
    bar = "1"
    if LIMIT // 3 == 4 or (not STRICT and LIMIT > 5):
        bar = param
    eval(bar)
    return "ok"
