# threat-model: remote
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/theme")
def theme():
    response = make_response("ok")
    response.set_cookie("theme", request.args["theme"], secure=True, httponly=True)  # expect: py/cookie-injection
    return response
