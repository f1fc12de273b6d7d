# threat-model: remote
from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/lang")
def lang():
    resp = Response("ok")
    resp.headers.add("Content-Language", request.args.get("lang", "en"))  # expect: py/http-response-splitting
    return resp
