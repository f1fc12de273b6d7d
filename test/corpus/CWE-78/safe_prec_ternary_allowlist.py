# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
LEVELS = ("debug", "info", "warning")


@app.route("/loglevel")
def loglevel():
    level = request.args.get("level", "info")
    level = level if level in LEVELS else "info"
    os.system("logctl set-level " + level)
    return "ok"
