from flask import Flask, make_response

app = Flask(__name__)


@app.route("/")
def index():
    response = make_response("hi")
    response.set_cookie("token_hint", "1", secure=True)  # expect: py/insecure-cookie
    return response
