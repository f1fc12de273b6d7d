# threat-model: remote
import html
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    host = html.escape(request.args.get("host", ""))
    os.system("ping -c 1 " + host)  # expect: py/command-line-injection
    return "ok"
