# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
ENABLE_SHELL = True


@app.route("/exec")
def execute():
    command = request.form.get("command", "")
    if ENABLE_SHELL:
        os.system(command)  # expect: py/command-line-injection
    return "done"
