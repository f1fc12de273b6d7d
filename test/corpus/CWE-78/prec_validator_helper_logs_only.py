# threat-model: remote
import logging
import re
import subprocess
from flask import Flask, request

app = Flask(__name__)


def warn_if_odd(host):
    if not re.fullmatch(r"[a-z0-9.-]+", host):
        logging.warning("odd host %r", host)  # expect: py/log-injection


@app.route("/trace")
def trace():
    host = request.args.get("host", "")
    warn_if_odd(host)
    return subprocess.check_output("traceroute " + host, shell=True)  # expect: py/command-line-injection
