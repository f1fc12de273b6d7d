"""A small Flask user directory with an SQL injection and debug mode left on."""

import sqlite3

from flask import Flask, request

app = Flask(__name__)


def get_db():
    return sqlite3.connect("users.db")


@app.route("/users")
def find_user():
    name = request.args.get("name", "")
    db = get_db()
    # The name is pasted into the SQL text: ?name=' OR '1'='1 returns every user.
    query = "SELECT id, name, email FROM users WHERE name = '%s'" % name
    rows = db.execute(query).fetchall()
    return {"users": [list(row) for row in rows]}


if __name__ == "__main__":
    # Debug mode exposes the Werkzeug console: anyone who reaches the port can run code.
    app.run(host="0.0.0.0", debug=True)
