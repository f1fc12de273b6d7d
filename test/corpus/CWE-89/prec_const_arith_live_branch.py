# threat-model: remote
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/orders")
def orders():
    param = request.args.get("customer", "")
    limit = 86
    if 7 * 42 - limit < 200:
        customer = "guest"
    else:
        customer = param
    conn = sqlite3.connect("shop.db")
    sql = "SELECT * FROM orders WHERE customer = '%s'" % customer
    return {"rows": conn.execute(sql).fetchall()}  # expect: py/sql-injection
