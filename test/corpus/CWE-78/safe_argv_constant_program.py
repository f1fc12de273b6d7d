# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    host = request.args.get("host", "")
    argv = ["ping", "-c", "1"]
    argv.append(host)
    subprocess.run(argv)
    subprocess.run(["sh", "script.sh", host])
    return "ok"
