# threat-model: remote
import os
from flask import Flask, request, abort

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/f")
def f():
    name = request.args.get("name", "").replace("../", "")
    return open(os.path.join(BASE, name)).read()  # expect: py/path-injection
