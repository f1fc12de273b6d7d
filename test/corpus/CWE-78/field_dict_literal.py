# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    options = {"keyA": "a-Value", "keyB": param, "keyC": "another-Value"}
    bar = options["keyB"]
    os.system("echo " + bar)  # expect: py/command-line-injection
    return "ok"
