"""A download endpoint that serves files from an uploads folder."""

import os

from flask import Flask, request, send_file

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/download")
def download():
    filename = request.args.get("file", "")
    # ?file=../../etc/passwd escapes the uploads folder.
    path = os.path.join(UPLOAD_DIR, filename)
    return send_file(path)


def read_report(report_name):
    with open("/srv/reports/" + report_name) as handle:
        return handle.read()
