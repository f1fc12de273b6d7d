# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/file")
def file():
    path = os.path.realpath(os.path.join(BASE, request.args["p"]))
    if request.args.get("strict"):
        if not path.startswith(BASE + os.sep):
            return "denied", 403
    return open(path).read()  # expect: py/path-injection
