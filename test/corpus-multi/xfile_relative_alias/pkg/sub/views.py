# threat-model: remote
from flask import Flask, request

import pkg.shell as sh

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.form["host"]
    sh.run("ping -c 1 " + host)  # expect: py/command-line-injection
    return "sent"
