# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)
SERVICES = ("nginx", "redis", "postgresql")


@app.route("/restart")
def restart():
    service = request.args.get("service", "")
    if service not in SERVICES:
        return "unknown service", 400
    subprocess.run("systemctl restart " + service, shell=True, check=True)
    return "restarted"
