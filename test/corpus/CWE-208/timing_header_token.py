import os

from flask import Flask, abort, request

app = Flask(__name__)
API_TOKEN = os.environ["API_TOKEN"]


@app.route("/admin")
def admin():
    supplied = request.headers.get("X-Auth-Token")
    if supplied != API_TOKEN:  # expect: py/timing-attack-against-header-value
        abort(401)
    return "welcome"

