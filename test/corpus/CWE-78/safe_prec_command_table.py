# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
ACTIONS = {"disk": "df -h", "memory": "free -m", "load": "uptime"}


@app.route("/diag")
def diag():
    action = request.args.get("a", "load")
    command = ACTIONS.get(action, "uptime")
    return os.popen(command).read()
