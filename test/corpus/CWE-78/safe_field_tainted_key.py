# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/a")
def a():
    which = request.args.get("which", "x")
    table = {"keyA": "a-Value"}
    table[which] = "constant"
    os.system("echo " + table["keyA"])
    return "ok"
