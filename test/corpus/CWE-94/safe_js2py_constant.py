import js2py
from flask import Flask, request

app = Flask(__name__)
ADD = js2py.eval_js("function add(a, b) { return a + b; }")


@app.route("/add")
def add():
    a = int(request.args.get("a", "0"))
    b = int(request.args.get("b", "0"))
    return str(ADD(a, b))
