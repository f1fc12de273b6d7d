# threat-model: remote
from flask import Flask, request

app = Flask(__name__)
SAFE_MODE = False


@app.route("/calc")
def calc():
    expression = request.args.get("expr", "1+1")
    code = "2 * 21" if SAFE_MODE else expression
    return {"value": eval(code)}  # expect: py/code-injection
