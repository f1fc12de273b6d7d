from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient()["shop"]


@app.route("/user")
def user():
    name = request.args["name"]
    doc = db.users.find_one({"name": str(name)})
    return {"found": doc is not None}
