# threat-model: remote
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/search")
def search():
    query = request.args["q"]
    body = "<p>No results for %s</p>" % query
    response = make_response(body)  # expect: py/reflective-xss
    return response
