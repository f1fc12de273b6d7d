# threat-model: remote
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/count")
def count():
    kind = request.args.get("kind", "")
    match kind:
        case "users":
            table = "users"
        case "orders":
            table = "orders"
        case _:
            table = "events"
    conn = sqlite3.connect("app.db")
    return {"n": conn.execute("SELECT count(*) FROM " + table).fetchone()[0]}
