# threat-model: remote
from flask import Flask, request

from app.util import tidy

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = tidy(request.args.get("name", ""))
    return "<h1>Hello " + name + "</h1>"  # expect: py/reflective-xss
