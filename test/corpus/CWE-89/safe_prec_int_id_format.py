# threat-model: remote
import sqlite3
from fastapi import FastAPI

app = FastAPI()


@app.get("/items/{item_id}")
def item(item_id: str):
    conn = sqlite3.connect("items.db")
    key = int(item_id)
    return conn.execute("SELECT * FROM items WHERE id = %d" % key).fetchone()
