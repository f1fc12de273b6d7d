# threat-model: remote
import ast
from flask import Flask, request

app = Flask(__name__)
SAFE = {ast.Expression, ast.Constant, ast.BinOp, ast.Add, ast.Mult, ast.Sub}


@app.route("/calc")
def calc():
    tree = ast.parse(request.args.get("q", "0"), mode="eval")
    for node in ast.walk(tree):
        if type(node) not in SAFE:
            raise ValueError("expression not allowed")
    return {"result": eval(compile(tree, "<q>", "eval"))}
