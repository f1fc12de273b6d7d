# threat-model: remote
import re
import subprocess
from flask import Flask, request

app = Flask(__name__)


def ensure_hostname(host):
    """Reject anything that is not a plain DNS name."""
    if not re.fullmatch(r"[A-Za-z0-9-]+(?:[.][A-Za-z0-9-]+)*", host):
        raise ValueError("invalid host")


@app.route("/trace")
def trace():
    host = request.args.get("host", "")
    ensure_hostname(host)
    return subprocess.check_output("traceroute " + host, shell=True)
