# threat-model: remote
from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    lang = request.args["lang"]
    return make_response("hello", 200, {"Content-Language": lang})  # expect: py/http-response-splitting
