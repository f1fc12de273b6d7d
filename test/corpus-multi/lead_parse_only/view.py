import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    code = compile(ast.parse(request.args["prog"]), "<p>", "exec")  # expect: py/code-injection
    exec(code)  # expect: py/code-injection
    return "ok"
