import csv
import io
from flask import Flask, request

app = Flask(__name__)


@app.route("/export")
def export():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count = int(request.args.get("count", "0"))
    writer.writerow(["count", count])
    return buffer.getvalue()
