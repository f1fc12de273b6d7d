# threat-model: remote
import sqlite3
from flask import Flask, request

app = Flask(__name__)


class Pager:
    def __init__(self):
        self.conn = sqlite3.connect("app.db")
        self.page = 0

    def load(self):
        self.page = int(request.args.get("page", "0"))

    def rows(self):
        sql = "SELECT * FROM items LIMIT 20 OFFSET %d" % (self.page * 20)
        return self.conn.execute(sql).fetchall()
