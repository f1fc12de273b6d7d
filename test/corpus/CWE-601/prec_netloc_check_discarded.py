# threat-model: remote
from urllib.parse import urlparse

from flask import Flask, redirect, request

app = Flask(__name__)
TRUSTED_HOSTS = {"example.com"}


@app.route("/continue")
def cont():
    nxt = request.args.get("next", "/")
    ok = urlparse(nxt).netloc in TRUSTED_HOSTS
    app.logger.info("redirect allowed: %s", ok)
    return redirect(nxt)  # expect: py/url-redirection
