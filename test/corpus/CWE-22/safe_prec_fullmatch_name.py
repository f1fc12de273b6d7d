# threat-model: remote
import re
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/avatar")
def avatar():
    user = request.args.get("user", "")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", user):
        abort(400)
    with open(f"/srv/avatars/{user}.png", "rb") as fh:
        return fh.read()
