# threat-model: remote
import csv
import io
from flask import Flask, request

app = Flask(__name__)


@app.route("/export")
def export():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "comment"])
    writer.writerow([request.args["name"], request.args["comment"]])  # expect: py/csv-injection
    return buffer.getvalue()
