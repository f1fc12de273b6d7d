# threat-model: remote
import shlex
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/grep")
def grep():
    pattern = request.args.get("q", "")
    cmd = f"grep -rn -- {shlex.quote(pattern)} /srv/docs"
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout
