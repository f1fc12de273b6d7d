import sqlite3


class Repository:
    def __init__(self, path, table_hint):
        self.conn = sqlite3.connect(path)
        self.hint = table_hint
        self.table = "accounts"

    def count(self):
        return self.conn.execute("SELECT count(*) FROM " + self.table).fetchone()[0]
