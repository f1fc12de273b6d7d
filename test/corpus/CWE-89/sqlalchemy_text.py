# threat-model: remote
from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///db.sqlite")


@app.get("/items")
def items(category: str):
    with engine.connect() as conn:
        stmt = text("SELECT * FROM items WHERE category = '{}'".format(category))  # expect: py/sql-injection
        return [dict(row) for row in conn.execute(stmt)]
