# threat-model: remote
import html
from flask import Flask, request

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return "<p>Results for <b>" + html.escape(q) + "</b></p>"
