# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/batch")
def batch():
    use_user_value = False
    for item in request.args.getlist("step"):
        if item == "custom":
            use_user_value = True
    command = "date"
    if use_user_value:
        command = request.args.get("command", "date")
    os.system(command)  # expect: py/command-line-injection
    return "ok"
