import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/v")
def value():
    # `import ast` is the standard library, never this workspace's ast.py (which calls compile()):
    # parsing and literal evaluation run no code.
    tree = ast.parse(request.args["src"])
    data = ast.literal_eval(request.args["lit"])
    return {"nodes": len(list(ast.walk(tree))), "data": repr(data)}
