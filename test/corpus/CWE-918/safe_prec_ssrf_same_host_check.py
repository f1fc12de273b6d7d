# threat-model: remote
from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
INTERNAL_API = "api.internal.example"


@app.route("/relay")
def relay():
    url = request.args.get("url", "")
    parsed = urlparse(url)
    if parsed.hostname != INTERNAL_API:
        abort(400)
    return requests.post(url, json={"ping": 1}, timeout=5).text
