# threat-model: remote
import re

from flask import Flask, request

app = Flask(__name__)
TRAILING = re.compile(r"\s+$")


@app.route("/check")
def check():
    body = request.get_data(as_text=True)
    return "yes" if TRAILING.search(body) else "no"  # expect: py/polynomial-redos
