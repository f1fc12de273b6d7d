# threat-model: remote
import os
from flask import Flask, request, abort

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/f")
def f():
    name = request.args.get("name", "")
    path = os.path.join(BASE, name)
    if not path.startswith(BASE):
        abort(403)
    return open(path).read()  # expect: py/path-injection
