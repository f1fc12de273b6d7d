# threat-model: remote
from flask import Flask, request

from b import normalize

app = Flask(__name__)


@app.route("/note")
def note():
    return "<p>" + normalize(request.args.get("text", "")) + "</p>"  # expect: py/reflective-xss
