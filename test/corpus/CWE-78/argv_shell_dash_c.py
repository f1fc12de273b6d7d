# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    script = request.args.get("script", "")
    subprocess.run(["sh", "-c", script])  # expect: py/command-line-injection
    subprocess.call(["/bin/bash", "-c", "echo " + script])  # expect: py/command-line-injection
    return "ok"
