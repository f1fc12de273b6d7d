from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    password = request.form["password"]
    response = make_response("ok")
    response.set_cookie("pw", password, secure=True, httponly=True)  # expect: py/clear-text-storage-sensitive-data, py/cookie-injection
    return response
