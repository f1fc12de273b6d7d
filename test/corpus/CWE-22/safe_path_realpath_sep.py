# threat-model: remote
import os
from flask import Flask, request, abort

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/f")
def f():
    name = request.args.get("name", "")
    path = os.path.realpath(os.path.join(BASE, name))
    if not path.startswith(os.path.realpath(BASE) + os.sep):
        abort(403)
    return open(path).read()
