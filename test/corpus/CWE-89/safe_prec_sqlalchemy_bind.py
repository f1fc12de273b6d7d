# threat-model: remote
from flask import Flask, request
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine("sqlite:///app.db")


@app.route("/user")
def user():
    name = request.args.get("name", "")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT id FROM users WHERE name = :name"), {"name": name}).first()
    return {"id": row[0] if row else None}
