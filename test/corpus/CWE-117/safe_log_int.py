import logging
from flask import Flask, request

app = Flask(__name__)


@app.route("/page")
def page():
    number = int(request.args.get("page", "1"))
    logging.info("page %d requested", number)
    return "ok"
