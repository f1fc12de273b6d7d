from pymongo import MongoClient

db = MongoClient()["shop"]
EXPENSIVE = "function (price) { return price > 100; }"


def expensive_products(limit: int):
    query = {"$expr": {"$function": {"body": EXPENSIVE, "args": ["$price"], "lang": "js"}}}
    return list(db.products.find(query).limit(int(limit)))
