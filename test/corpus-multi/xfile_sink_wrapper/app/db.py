# threat-model: remote
import sqlite3

DB_PATH = "inventory.db"


def fetch_all(statement):
    connection = sqlite3.connect(DB_PATH)
    try:
        return connection.execute(statement).fetchall()
    finally:
        connection.close()


def fetch_item(item_id):
    connection = sqlite3.connect(DB_PATH)
    return connection.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
