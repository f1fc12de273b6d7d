# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    param = request.args.get("cmd", "")
    num = 106
    bar = "uptime" if (7 * 18) - num > 200 else param
    return subprocess.check_output(bar, shell=True)  # expect: py/command-line-injection
