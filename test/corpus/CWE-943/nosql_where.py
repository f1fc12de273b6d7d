# threat-model: remote
from flask import Flask, request
from pymongo import MongoClient

app = Flask(__name__)
collection = MongoClient().app.products


@app.route("/cheap")
def cheap():
    limit = request.args["max"]
    docs = collection.find({"$where": "this.price < " + limit})  # expect: py/nosql-injection
    return {"n": len(list(docs))}
