# threat-model: remote
import os
from flask import Flask, request, abort

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/f")
def f():
    name = request.args.get("name", "")
    path = os.path.realpath(os.path.join(BASE, name))
    if path.startswith(BASE + os.sep):
        print("inside")
    return open(path).read()  # expect: py/path-injection
