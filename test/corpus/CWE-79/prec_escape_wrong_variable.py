# threat-model: remote
import html
from flask import Flask, request

app = Flask(__name__)


@app.route("/comment")
def comment():
    author = request.args.get("author", "")
    body = request.args.get("body", "")
    html.escape(author)
    return "<b>" + author + "</b>: " + html.escape(body)  # expect: py/reflective-xss
