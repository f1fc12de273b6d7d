import http.client

from flask import Flask, abort, request

app = Flask(__name__)
REPORTS = {"daily", "weekly", "monthly"}


@app.route("/report")
def report():
    kind = request.args.get("kind", "")
    if kind not in REPORTS:
        abort(404)
    conn = http.client.HTTPSConnection("reports.example.com")
    conn.request("GET", "/r/" + kind)
    return conn.getresponse().read()
