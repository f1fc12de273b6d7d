# threat-model: remote
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient()["shop"]


@app.route("/orders", methods=["POST"])
def orders():
    query = request.get_json()
    return {"count": db.orders.count_documents(query)}  # expect: py/nosql-injection
