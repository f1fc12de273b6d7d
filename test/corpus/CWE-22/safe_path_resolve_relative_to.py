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
    try:
        target.relative_to(Path(BASE).resolve())
    except ValueError:
        abort(403)
    return target.read_text()
