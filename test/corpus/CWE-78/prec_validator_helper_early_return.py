# threat-model: remote
import re
import subprocess
from flask import Flask, request

app = Flask(__name__)


def check_host(host):
    if host == "localhost":
        return
    if not re.fullmatch(r"[a-z0-9.-]+", host):
        raise ValueError("invalid host")


@app.route("/trace")
def trace():
    host = request.args.get("host", "")
    check_host(host)
    return subprocess.check_output("traceroute " + host, shell=True)  # expect: py/command-line-injection
