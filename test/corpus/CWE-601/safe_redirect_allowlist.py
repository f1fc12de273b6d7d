from urllib.parse import urlparse
from flask import Flask, redirect, request, url_for

app = Flask(__name__)
ALLOWED_HOSTS = {"example.com", "www.example.com"}


@app.route("/login")
def login():
    target = request.args.get("next", "/")
    if urlparse(target).netloc not in ALLOWED_HOSTS:
        return redirect(url_for("index"))
    return redirect(target)
