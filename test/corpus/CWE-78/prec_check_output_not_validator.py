# threat-model: remote
import os
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/branch")
def branch():
    name = request.args.get("name", "")
    exists = subprocess.check_output(["git", "branch", "--list", name])
    if exists:
        os.system("git checkout " + name)  # expect: py/command-line-injection
    return "ok"
