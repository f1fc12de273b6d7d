# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
ALLOW_CUSTOM_COMMANDS = True


@app.route("/status")
def status():
    command = "uptime"
    if ALLOW_CUSTOM_COMMANDS:
        command = request.args.get("cmd", "uptime")
    return os.popen(command).read()  # expect: py/command-line-injection
