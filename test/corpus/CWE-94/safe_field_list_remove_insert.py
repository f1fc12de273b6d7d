# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    values = ["1 + 1", param, "2 + 2"]
    values.remove(values[0])
    values.insert(0, "3 + 3")
    eval(values[0])
    eval(values[-1])
    return "ok"
