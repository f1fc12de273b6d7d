# threat-model: remote
from urllib.parse import urlparse
from flask import Flask, abort, redirect, request

app = Flask(__name__)


@app.route("/next")
def next_page():
    target = request.args.get("next", "/")
    parsed = urlparse(target)
    if parsed.netloc and parsed.netloc != request.host:
        abort(400)
    return redirect(target)
