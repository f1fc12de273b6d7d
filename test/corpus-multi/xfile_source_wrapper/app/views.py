# threat-model: remote
import os

from flask import Flask

from app.inputs import requested_report

app = Flask(__name__)
REPORTS = "/srv/reports"


@app.route("/report")
def report():
    path = os.path.join(REPORTS, requested_report())
    with open(path) as handle:  # expect: py/path-injection
        return handle.read()
