from bson.code import Code
from pymongo import MongoClient

db = MongoClient()["shop"]


def totals(map_js: str):
    reducer = Code("function (key, values) { return Array.sum(values); }")
    return db.orders.map_reduce(Code(map_js), reducer, "totals")  # expect: py/nosql-injection
