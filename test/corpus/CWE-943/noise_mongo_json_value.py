# threat-model: remote
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient().app.users


@app.route("/login", methods=["POST"])
def login():
    body = request.get_json()
    user = users.find_one({"name": body["name"]})  # expect: py/nosql-injection
    return {"ok": user is not None}
