from pymongo import MongoClient

db = MongoClient()["shop"]


def active_users():
    return list(db.users.find({"active": True}))
