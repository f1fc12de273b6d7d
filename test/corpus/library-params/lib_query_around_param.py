import sqlite3


# severity: error
def find_user(conn: sqlite3.Connection, name: str):
    return conn.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()  # expect: py/sql-injection
