# threat-model: remote
import ast
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    tree = ast.parse(request.args.get("q", "0"), mode="eval")
    # A denylist: attribute access (().__class__.__bases__ ...) still runs.
    for node in ast.walk(tree):
        if isinstance(node, (ast.Call, ast.Import)):
            raise ValueError("calls are not allowed")
    return {"result": eval(compile(tree, "<q>", "eval"))}  # expect: py/code-injection
