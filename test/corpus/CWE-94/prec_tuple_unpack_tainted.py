# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/compute")
def compute():
    label, formula = "3 * 7", request.args.get("formula", "")
    return {"label": label, "value": eval(formula)}  # expect: py/code-injection
