# threat-model: remote
import html
from flask import Flask, request

app = Flask(__name__)


@app.route("/nick")
def nick():
    raw = request.args.get("nick")
    shown = html.escape(raw) if raw else "anonymous"
    return "<span class='nick'>" + shown + "</span>"
