# threat-model: remote
from flask import Flask, jsonify, request

from app import db

app = Flask(__name__)


@app.route("/items")
def items():
    color = request.args["color"]
    rows = db.fetch_all("SELECT name FROM items WHERE color = '%s'" % color)  # expect: py/sql-injection
    return jsonify(rows)
