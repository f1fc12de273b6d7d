# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/banner")
def banner():
    ctx = {"title": "Welcome", "who": request.args.get("who", "")}
    ctx.update({"who": "visitor"})
    return "<h1>" + ctx["title"] + ", " + ctx["who"] + "</h1>"
