# threat-model: remote
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/comment", methods=["POST"])
def comment():
    text = request.form["text"]
    return render_template("comment.html", body=Markup(text))  # expect: py/reflective-xss
