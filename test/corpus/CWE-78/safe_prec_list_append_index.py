# threat-model: remote
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/disk")
def disk():
    parts = ["df"]
    parts.append("-h")
    parts.append(request.args.get("mount", "/"))
    return subprocess.check_output(parts[0] + " " + parts[1], shell=True)
