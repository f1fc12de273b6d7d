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
    table["keyC"] = "another-Value"
    os.system("echo " + table["keyA"])
    table["keyB"] = "reset"
    os.system("echo " + table["keyB"])
    return "ok"
