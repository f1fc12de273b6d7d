import logging
from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"].replace("\n", "").replace("\r", "")
    logger.info("Login attempt for %s", username)
    return "ok"
