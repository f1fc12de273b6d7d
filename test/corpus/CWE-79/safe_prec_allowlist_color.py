# threat-model: remote
from flask import Flask, request

app = Flask(__name__)
COLORS = {"red", "green", "blue"}


@app.route("/badge")
def badge():
    color = request.args.get("color", "red")
    if color not in COLORS:
        color = "red"
    return '<span style="color:' + color + '">badge</span>'
