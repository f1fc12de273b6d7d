from flask import Flask, make_response

app = Flask(__name__)


@app.route("/")
def index():
    response = make_response("hi")
    response.set_cookie("session_hint", "abc", secure=True, httponly=True, samesite="Lax")
    return response
