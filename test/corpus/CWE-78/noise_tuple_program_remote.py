# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/tool")
def tool():
    program = request.args.get("program", "")
    subprocess.run((program, "--version"))  # expect: py/command-line-injection
    return "ok"
