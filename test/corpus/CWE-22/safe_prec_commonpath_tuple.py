# threat-model: remote
import os
from flask import Flask, request

app = Flask(__name__)
REPORTS = os.path.realpath("/srv/reports")


@app.route("/report")
def report():
    requested = os.path.normpath(os.path.join(REPORTS, request.args["file"]))
    if os.path.commonpath((REPORTS, requested)) == REPORTS:
        with open(requested) as fh:
            return fh.read()
    return "not found", 404
