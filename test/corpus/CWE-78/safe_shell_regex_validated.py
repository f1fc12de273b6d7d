# threat-model: remote
import os
import re
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/run")
def run():
    host = request.args.get("host", "")
    if not re.match(r"^[a-z0-9-]+$", host):
        abort(400)
    os.system("ping -c 1 " + host)
    return "ok"
