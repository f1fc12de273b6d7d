# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/compute")
def compute():
    formula, label = "3 * 7", request.args.get("label", "")
    return {"label_length": len(label), "value": eval(formula)}
