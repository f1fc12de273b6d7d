import requests
from urllib.parse import urlparse
from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED = {"api.example.com"}


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    parsed = urlparse(url)
    if parsed.hostname not in ALLOWED:
        abort(400)
    return {"status": requests.get(url, timeout=5).status_code}
