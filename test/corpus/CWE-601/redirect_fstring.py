# threat-model: remote
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/out")
def out():
    site = request.args["site"]
    return redirect(f"{site}/welcome")  # expect: py/url-redirection
