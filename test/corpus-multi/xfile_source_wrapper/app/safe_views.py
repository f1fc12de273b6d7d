import os

from flask import Flask

from app.inputs import page_size, requested_report

app = Flask(__name__)
REPORTS = "/srv/reports"
ALLOWED = {"summary", "detail"}


@app.route("/report")
def report():
    name = requested_report()
    if name not in ALLOWED:
        return "unknown report", 404
    with open(os.path.join(REPORTS, name + ".txt")) as handle:
        return handle.read()[: page_size() * 80]
