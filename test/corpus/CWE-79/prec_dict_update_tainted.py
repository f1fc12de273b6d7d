# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/banner")
def banner():
    ctx = {"title": "Welcome", "who": "visitor"}
    ctx.update({"who": request.args.get("who", "")})
    return "<h1>" + ctx["title"] + ", " + ctx["who"] + "</h1>"  # expect: py/reflective-xss
