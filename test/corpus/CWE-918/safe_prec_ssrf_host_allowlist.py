# threat-model: remote
from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
PARTNERS = {"partner-a.example.net", "partner-b.example.net"}


@app.route("/proxy")
def proxy():
    url = request.args.get("url", "")
    if urlparse(url).hostname not in PARTNERS:
        abort(403)
    return requests.get(url, timeout=5).content
