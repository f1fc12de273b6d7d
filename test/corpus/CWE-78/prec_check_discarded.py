# threat-model: remote
import os
import re
from flask import Flask, request

app = Flask(__name__)


@app.route("/lookup")
def lookup():
    domain = request.args.get("d", "")
    re.fullmatch(r"[a-z0-9.-]+", domain)
    return os.popen("whois " + domain).read()  # expect: py/command-line-injection
