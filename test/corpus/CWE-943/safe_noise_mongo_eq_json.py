# threat-model: remote
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
users = MongoClient().app.users


@app.route("/user", methods=["POST"])
def user():
    name = request.get_json()["name"]
    return {"found": users.find_one({"name": {"$eq": name}}) is not None}
