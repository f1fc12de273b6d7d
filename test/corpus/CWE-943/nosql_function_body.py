from pymongo import MongoClient

db = MongoClient()["shop"]


def find_by_rule(rule_js: str):
    cursor = db.products.find(
        {"$expr": {"$function": {"body": rule_js, "args": ["$price"], "lang": "js"}}}  # expect: py/nosql-injection
    )
    return list(cursor)
