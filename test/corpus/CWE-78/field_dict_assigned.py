# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    param = request.args.get("p", "")
    table = {}
    table["keyA"] = "a-Value"
    table["keyB"] = param
    os.system("echo " + table["keyB"])  # expect: py/command-line-injection
    return "ok"
