# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/job")
def job():
    step = request.args.get("step", "")
    subprocess.run(("sh", "-c", "make " + step))  # expect: py/command-line-injection
    return "started"
