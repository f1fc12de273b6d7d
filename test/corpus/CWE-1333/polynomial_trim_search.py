# threat-model: remote
import re

from flask import Flask, request

app = Flask(__name__)


@app.route("/trim")
def trim():
    text = request.args.get("text", "")
    trimmed = re.sub(r"^\s+|\s+$", "", text)  # expect: py/polynomial-redos
    return str(len(trimmed))
