# threat-model: remote
import sqlite3
from flask import Flask, abort, request

app = Flask(__name__)
SORTABLE = ("name", "created_at", "price")


@app.route("/products")
def products():
    column = request.args.get("sort", "name")
    if column not in SORTABLE:
        abort(400)
    conn = sqlite3.connect("shop.db")
    return {"rows": conn.execute(f"SELECT * FROM products ORDER BY {column}").fetchall()}
