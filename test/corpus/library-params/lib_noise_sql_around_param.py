# A query built around a parameter in a public function: the rule's severity.
import sqlite3


# severity: error
def find_user(conn: sqlite3.Connection, name):
    return conn.execute("SELECT id FROM users WHERE name = '" + name + "'").fetchall()  # expect: py/sql-injection
