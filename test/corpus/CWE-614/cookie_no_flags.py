from flask import Flask, make_response

app = Flask(__name__)


@app.route("/")
def index():
    response = make_response("hi")
    response.set_cookie("session_hint", "abc")  # expect: py/insecure-cookie
    return response
