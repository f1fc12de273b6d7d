from flask import Flask, jsonify, request

from app.db import fetch_all, fetch_item

app = Flask(__name__)


@app.route("/items/<int:item_id>")
def item(item_id):
    return jsonify(fetch_item(request.args.get("id", item_id)))


@app.route("/colors")
def colors():
    return jsonify(fetch_all("SELECT DISTINCT color FROM items"))
