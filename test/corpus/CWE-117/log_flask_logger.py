# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    app.logger.info("Login attempt for %s", username)  # expect: py/log-injection
    return "ok"
