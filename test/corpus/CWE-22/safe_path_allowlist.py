# threat-model: remote
import os
from flask import Flask, request, abort

app = Flask(__name__)
BASE = "/srv/files"

ALLOWED = {"report.txt", "summary.txt"}


@app.route("/f")
def f():
    name = request.args.get("name", "")
    if name not in ALLOWED:
        return "no", 404
    return open(os.path.join(BASE, name)).read()
