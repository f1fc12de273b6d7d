# threat-model: remote
import html
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/say")
def say():
    text = html.escape(request.args.get("t", ""))
    os.system("espeak " + text)  # expect: py/command-line-injection
    return "ok"
