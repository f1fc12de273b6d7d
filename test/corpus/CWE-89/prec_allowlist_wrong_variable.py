# threat-model: remote
import sqlite3
from flask import Flask, abort, request

app = Flask(__name__)
SORTABLE = ("name", "price")


@app.route("/products")
def products():
    column = request.args.get("sort", "name")
    direction = request.args.get("dir", "ASC")
    if column not in SORTABLE:
        abort(400)
    conn = sqlite3.connect("shop.db")
    sql = f"SELECT * FROM products ORDER BY {column} {direction}"
    return {"rows": conn.execute(sql).fetchall()}  # expect: py/sql-injection
