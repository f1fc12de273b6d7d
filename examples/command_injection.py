"""A network diagnostics endpoint that pings a host given by the user."""

import os
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host", "127.0.0.1")
    # host=8.8.8.8;cat /etc/passwd runs a second command.
    output = subprocess.check_output("ping -c 1 " + host, shell=True)
    return output


@app.route("/lookup")
def lookup():
    domain = request.args.get("domain", "")
    status = os.system("nslookup " + domain)
    return {"status": status}
