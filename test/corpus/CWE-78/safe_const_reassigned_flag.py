# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/exec")
def execute():
    command = request.form.get("command", "")
    mode = "off"
    if mode == "on":
        os.system(command)
    elif mode == "off":
        command = "true"
    os.system(command)
    return "done"
