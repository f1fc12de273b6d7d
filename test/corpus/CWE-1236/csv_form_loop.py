# threat-model: remote
import csv
from flask import Flask, request

app = Flask(__name__)


@app.route("/save", methods=["POST"])
def save():
    with open("/srv/exports/entries.csv", "a", newline="") as handle:
        csv_out = csv.writer(handle)
        for value in request.form.getlist("entry"):
            csv_out.writerow([value])  # expect: py/csv-injection
    return "saved"
