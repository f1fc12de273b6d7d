# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    param = request.args.get("expr", "")
    guess = "ABC"
    target = guess[2]
    match target:
        case "A":
            bar = "2 * 3"
        case "B":
            bar = "1 + 1"
        case _:
            bar = param
    eval(bar)  # expect: py/code-injection
    return "ok"
