# threat-model: remote
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/report")
def report():
    filters = {"status": "'shipped'", "region": request.args.get("region", "")}
    conn = sqlite3.connect("sales.db")
    sql = "SELECT count(*) FROM orders WHERE status = " + filters["status"]
    return {"count": conn.execute(sql).fetchone()[0]}
