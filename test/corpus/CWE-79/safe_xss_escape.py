import html
from flask import Flask, jsonify, render_template, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/hello")
def hello():
    return "<h1>Hello " + escape(request.args.get("name", "")) + "</h1>"


@app.route("/hi")
def hi():
    return "<p>" + html.escape(request.args["name"]) + "</p>"


@app.route("/api")
def api():
    return jsonify(name=request.args["name"])


@app.route("/page")
def page():
    return render_template("page.html", name=request.args["name"])
