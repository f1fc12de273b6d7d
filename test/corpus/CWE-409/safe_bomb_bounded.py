import zlib
from flask import Flask, request

app = Flask(__name__)
LIMIT = 10 * 1024 * 1024


@app.route("/ingest", methods=["POST"])
def ingest():
    payload = request.get_data()
    inflater = zlib.decompressobj()
    data = inflater.decompress(payload, LIMIT)
    if inflater.unconsumed_tail:
        return "too large", 413
    return str(len(data))
