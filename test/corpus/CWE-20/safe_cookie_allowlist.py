from flask import Flask, make_response, request

app = Flask(__name__)
THEMES = ("light", "dark")


@app.route("/theme")
def theme():
    choice = request.args.get("theme", "light")
    if choice not in THEMES:
        choice = "light"
    response = make_response("ok")
    response.set_cookie("theme", choice, secure=True, httponly=True, samesite="Lax")
    return response
