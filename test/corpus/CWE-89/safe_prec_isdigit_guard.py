# threat-model: remote
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/page")
def page():
    offset = request.args.get("offset", "0")
    if not offset.isdigit():
        return "bad offset", 400
    conn = sqlite3.connect("blog.db")
    return {"posts": conn.execute("SELECT * FROM posts LIMIT 10 OFFSET " + offset).fetchall()}
