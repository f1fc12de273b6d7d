# threat-model: remote
import sqlite3
from flask import Flask, request

app = Flask(__name__)


class UserSearch:
    def __init__(self, db_path):
        self.conn = sqlite3.connect(db_path)
        self.term = ""

    def load(self):
        self.term = request.args.get("q", "")

    def results(self):
        query = "SELECT id, name FROM users WHERE name LIKE '%" + self.term + "%'"
        return self.conn.execute(query).fetchall()  # expect: py/sql-injection
