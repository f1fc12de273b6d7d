# threat-model: remote
import re
import sqlite3
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/tag")
def tag():
    name = request.args.get("tag", "")
    if not re.search(r"[a-z]+", name):
        abort(400)
    conn = sqlite3.connect("blog.db")
    return {"rows": conn.execute("SELECT * FROM tags WHERE name = '" + name + "'").fetchall()}  # expect: py/sql-injection
