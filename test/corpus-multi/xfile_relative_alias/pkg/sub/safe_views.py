from flask import Flask, request

from .. import quoted
from ..shell import run

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = quoted(request.form["host"])
    run("ping -c 1 " + host)
    return "sent"
