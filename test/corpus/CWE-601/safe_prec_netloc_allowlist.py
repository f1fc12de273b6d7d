# threat-model: remote
from urllib.parse import urlparse

from flask import Flask, abort, redirect, request

app = Flask(__name__)
TRUSTED_HOSTS = {"example.com", "www.example.com"}


@app.route("/login/done")
def login_done():
    nxt = request.args.get("next", "/")
    if urlparse(nxt).netloc not in TRUSTED_HOSTS:
        abort(400)
    return redirect(nxt)
