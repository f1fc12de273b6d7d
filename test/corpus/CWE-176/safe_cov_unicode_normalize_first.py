import html
import re
import unicodedata

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args.get("name", "")[:200]
    name = unicodedata.normalize("NFKC", name)
    if re.search(r"[<>]", name):
        abort(400)
    return "<p>Hello " + html.escape(name) + "</p>"


@app.route("/tag")
def tag():
    raw = request.args.get("tag", "")
    if not re.fullmatch(r"[a-z0-9-]{1,32}", raw):
        abort(400)
    return unicodedata.normalize("NFKC", raw)
