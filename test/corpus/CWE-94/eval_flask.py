# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expression = request.args["expr"]
    result = eval(expression)  # expect: py/code-injection
    return {"result": result}
