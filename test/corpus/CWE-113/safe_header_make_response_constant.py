# threat-model: remote
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/ok")
def ok():
    name = request.args.get("name", "")
    resp = make_response("hello", 200, {"Content-Type": "text/plain", "X-Name-Length": str(len(name))})
    return resp
