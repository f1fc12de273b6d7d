# threat-model: remote
import json
from django.http import JsonResponse
from pymongo import MongoClient

client = MongoClient("mongodb://localhost")


def search(request):
    criteria = json.loads(request.GET["filter"])
    users = client.app.users.find({"profile": {"$ne": criteria}})  # expect: py/nosql-injection
    return JsonResponse({"n": len(list(users))})
