# threat-model: remote
from urllib.parse import urlparse

from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/back")
def back():
    target = request.args.get("to", "/")
    parsed = urlparse(target)
    if parsed.netloc and parsed.netloc != request.host:
        return redirect("/")
    return redirect(target)
