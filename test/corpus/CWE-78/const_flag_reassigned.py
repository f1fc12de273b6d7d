# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/exec")
def execute():
    command = request.form.get("command", "")
    mode = "off"
    if request.args.get("force"):
        mode = "on"
    if mode == "on":
        os.system(command)  # expect: py/command-line-injection
    return "done"
