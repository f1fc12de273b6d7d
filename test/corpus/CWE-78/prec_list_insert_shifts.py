# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/stack")
def stack():
    commands = ["uptime"]
    commands.insert(0, request.args.get("cmd", ""))
    os.system(commands[0])  # expect: py/command-line-injection
    return "ok"
