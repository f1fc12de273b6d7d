# threat-model: remote
import os
from flask import Flask, request, abort

app = Flask(__name__)
BASE = "/srv/files"

import re


@app.route("/f")
def f():
    name = request.args.get("name", "")
    if not re.fullmatch(r"[\w-]+", name):
        abort(400)
    return open(os.path.join(BASE, name + ".txt")).read()
