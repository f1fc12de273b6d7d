# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/kill")
def kill():
    raw = request.args.get("pid", "")
    try:
        pid = int(raw)
    except ValueError:
        return "bad pid", 400
    subprocess.call("kill -TERM %s" % pid, shell=True)
    return "sent"
