# threat-model: remote
import re

from flask import Flask, request

app = Flask(__name__)


@app.route("/trim")
def trim():
    request.args.get("text", "")
    return re.sub(r"\s+$", "", "  fixed text  ")
