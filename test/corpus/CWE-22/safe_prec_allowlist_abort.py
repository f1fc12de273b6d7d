# threat-model: remote
from flask import Flask, abort, request, send_file

app = Flask(__name__)
REPORTS = {"daily.pdf", "weekly.pdf", "monthly.pdf"}


@app.route("/reports")
def reports():
    name = request.args.get("name", "")
    if name not in REPORTS:
        abort(404)
    return send_file("/srv/reports/" + name)
