# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/pick")
def pick():
    choices = ["uptime", "date", request.args.get("custom", "")]
    index = int(request.args.get("i", "0"))
    os.system(choices[index])  # expect: py/command-line-injection
    return "ok"
