# threat-model: remote
import js2py
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expression = request.args.get("expr", "1+1")
    value = js2py.eval_js(expression)  # expect: py/js2py-rce
    return jsonify(ok=value is not None)
