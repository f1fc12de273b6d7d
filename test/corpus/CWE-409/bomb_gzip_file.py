# threat-model: remote
import gzip
from flask import Flask, request

app = Flask(__name__)


@app.route("/logs", methods=["POST"])
def logs():
    upload = request.files["log"]
    with gzip.GzipFile(fileobj=upload) as handle:  # expect: py/decompression-bomb
        return str(handle.read().count(b"\n"))
