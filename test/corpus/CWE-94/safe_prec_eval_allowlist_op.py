# threat-model: remote
import operator
from flask import Flask, abort, request

app = Flask(__name__)
OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}


@app.route("/op")
def op():
    name = request.args.get("op", "add")
    if name not in OPS:
        abort(400)
    a = int(request.args.get("a", "0"))
    b = int(request.args.get("b", "0"))
    return {"result": eval("OPS[name](a, b)")}
