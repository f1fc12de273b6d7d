# threat-model: remote
import re
import subprocess
from flask import Flask, abort, request

app = Flask(__name__)
HOST_RE = r"[A-Za-z0-9][A-Za-z0-9.-]{0,252}"


@app.route("/dig")
def dig():
    host = request.args.get("host", "")
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]{0,252}", host) is None:
        abort(400)
    return subprocess.check_output("dig +short " + host, shell=True)
