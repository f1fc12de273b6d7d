# threat-model: remote
import shlex
from flask import Flask, request

app = Flask(__name__)


@app.route("/show")
def show():
    value = shlex.quote(request.args.get("v", ""))
    return "<pre>" + value + "</pre>"  # expect: py/reflective-xss
