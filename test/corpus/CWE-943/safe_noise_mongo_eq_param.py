from pymongo import MongoClient

accounts = MongoClient().bank.accounts


def find_account(owner):
    return accounts.find_one({"owner": {"$eq": owner}})
