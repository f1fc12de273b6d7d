# threat-model: remote
import os
from flask import Flask, abort, request

app = Flask(__name__)
ROOT = "/srv/data"


@app.route("/file")
def file():
    path = os.path.realpath(os.path.join(ROOT, request.args.get("p", "")))
    inside = path.startswith(ROOT + os.sep)
    if not inside:
        abort(403)
    return open(path).read()
