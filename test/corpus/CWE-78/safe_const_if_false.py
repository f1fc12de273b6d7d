# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
ENABLE_SHELL = False


@app.route("/exec")
def execute():
    command = request.form.get("command", "")
    if ENABLE_SHELL:
        os.system(command)
    if 0:
        os.popen(command)
    while False:
        os.system(command)
    return "disabled"
