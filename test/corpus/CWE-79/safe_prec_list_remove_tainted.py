# threat-model: remote
from flask import Flask, request

app = Flask(__name__)


@app.route("/menu")
def menu():
    note = request.args.get("note", "")
    items = ["Home", "About"]
    items.append(note)
    items.pop()
    return "<ul>" + "".join("<li>" + items[0] + "</li>" for _ in range(1)) + "</ul>"
