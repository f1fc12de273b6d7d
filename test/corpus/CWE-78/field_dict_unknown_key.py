# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    which = request.args.get("which", "keyA")
    table = {"keyA": "a-Value"}
    table[which] = param
    os.system("echo " + table["keyA"])  # expect: py/command-line-injection
    return "ok"
