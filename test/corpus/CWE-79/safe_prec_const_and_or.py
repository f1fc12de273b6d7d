# threat-model: remote
from flask import Flask, request

app = Flask(__name__)
DEBUG_ECHO = False
VERBOSE = True


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    shown = "friend"
    if DEBUG_ECHO and VERBOSE:
        shown = name
    return "<p>Hello, " + shown + "</p>"
