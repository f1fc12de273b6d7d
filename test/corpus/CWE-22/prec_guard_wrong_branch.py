# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/file")
def file():
    path = os.path.realpath(os.path.join(BASE, request.args["p"]))
    if path.startswith(BASE + os.sep):
        app.logger.info("inside base")
    else:
        return open(path).read()  # expect: py/path-injection
    return "ok"
