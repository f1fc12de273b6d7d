# threat-model: remote
import subprocess
from flask import Flask, abort, request

app = Flask(__name__)
ACTIONS = {"status": ["systemctl", "status", "web"], "uptime": ["uptime"]}


@app.route("/admin")
def admin():
    action = request.args.get("action", "")
    if action not in ACTIONS:
        abort(400)
    return subprocess.run(ACTIONS[action], capture_output=True, text=True).stdout
