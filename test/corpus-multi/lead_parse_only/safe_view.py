import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/v")
def value():
    # Parsing and literal evaluation run no code, even though this workspace's ast.py calls compile().
    tree = ast.parse(request.args["src"])
    data = ast.literal_eval(request.args["lit"])
    return {"nodes": len(list(ast.walk(tree))), "data": repr(data)}
