import sqlite3

COLUMNS = ("id", "email", "created")


def _check_column(column):
    assert column in COLUMNS, column


def export_sorted(db_path, column):
    _check_column(column)
    conn = sqlite3.connect(db_path)
    return conn.execute("SELECT * FROM users ORDER BY " + column).fetchall()
