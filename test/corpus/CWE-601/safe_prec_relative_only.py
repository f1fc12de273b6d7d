# threat-model: remote
from urllib.parse import urlparse

from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/after")
def after():
    nxt = request.args.get("next", "/")
    parsed = urlparse(nxt)
    if parsed.netloc:
        nxt = "/"
    return redirect(nxt)
