# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/convert")
def convert():
    name = request.args.get("file", "")
    subprocess.Popen(["/bin/sh", "-c", "convert " + name + " out.png"])  # expect: py/command-line-injection
    return "queued"
