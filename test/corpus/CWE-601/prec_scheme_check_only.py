# threat-model: remote
from urllib.parse import urlparse

from flask import Flask, abort, redirect, request

app = Flask(__name__)


@app.route("/go")
def go():
    nxt = request.args.get("url", "/")
    if urlparse(nxt).scheme not in ("http", "https"):
        abort(400)
    return redirect(nxt)  # expect: py/url-redirection
