# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    target = "127.0.0.1"
    if 0:
        target = host
    return subprocess.check_output("ping -c 1 " + target, shell=True)
