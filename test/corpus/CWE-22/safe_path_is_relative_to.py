# threat-model: remote
import os
from flask import Flask, request, abort

app = Flask(__name__)
BASE = "/srv/files"

from pathlib import Path


@app.route("/f")
def f():
    name = request.args.get("name", "")
    target = (Path(BASE) / name).resolve()
    if not target.resolve().is_relative_to(BASE):
        abort(404)
    return target.read_text()
