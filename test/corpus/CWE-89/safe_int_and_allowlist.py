import sqlite3
from flask import Flask, request

app = Flask(__name__)
SORT_COLUMNS = {"name", "created"}


@app.route("/page")
def page():
    limit = int(request.args.get("limit", "10"))
    order = request.args.get("order", "name")
    if order not in SORT_COLUMNS:
        order = "name"
    conn = sqlite3.connect("app.db")
    conn.execute("SELECT * FROM users ORDER BY %s LIMIT %d" % (order, limit))
    return "ok"
