# threat-model: remote
import re

from flask import Flask, request

app = Flask(__name__)


@app.route("/id")
def ident():
    value = request.args.get("id", "")
    return "ok" if re.match(r"^[a-z0-9]{1,32}$", value) else "bad"
