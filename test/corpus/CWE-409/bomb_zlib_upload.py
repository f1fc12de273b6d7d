# threat-model: remote
import zlib
from flask import Flask, request

app = Flask(__name__)


@app.route("/ingest", methods=["POST"])
def ingest():
    payload = request.get_data()
    data = zlib.decompress(payload)  # expect: py/decompression-bomb
    return str(len(data))
