# threat-model: remote
import re
from flask import Flask, abort, request

app = Flask(__name__)


class Handlers:
    def ping(self):
        return "pong"


@app.route("/call")
def call():
    method = request.args.get("m", "")
    if not re.fullmatch(r"[a-z_]+", method):
        abort(400)
    return {"result": eval("Handlers()." + method + "()")}
