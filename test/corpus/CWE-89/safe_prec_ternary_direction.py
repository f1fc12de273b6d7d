# threat-model: remote
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/posts")
def posts():
    direction = "DESC" if request.args.get("order") == "new" else "ASC"
    conn = sqlite3.connect("blog.db")
    return {"rows": conn.execute("SELECT * FROM posts ORDER BY created " + direction).fetchall()}
