# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    param = request.args.get("expr", "")
    guess = "ABC"
    target = guess[1]
    match target:
        case "A":
            bar = param
        case "B":
            bar = "1 + 1"
        case _:
            bar = param
    eval(bar)
    return "ok"
