# threat-model: remote
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/users")
def users():
    name = request.args.get("name", "")
    conn = sqlite3.connect("app.db")
    cursor = conn.cursor()
    query = "SELECT id, email FROM users WHERE name = '%s'" % name
    cursor.execute(query)  # expect: py/sql-injection
    rows = cursor.fetchall()
    return {"rows": rows}
