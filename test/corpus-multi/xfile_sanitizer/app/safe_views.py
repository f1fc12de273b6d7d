from flask import Flask, request

from app.util import clean_html

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = clean_html(request.args.get("name", ""))
    return "<h1>Hello " + name + "</h1>"
