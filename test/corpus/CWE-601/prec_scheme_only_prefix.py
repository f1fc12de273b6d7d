# threat-model: remote
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/out")
def out():
    host = request.args.get("host", "")
    return redirect("https://" + host)  # expect: py/url-redirection
