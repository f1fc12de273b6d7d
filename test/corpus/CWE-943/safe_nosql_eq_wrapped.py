# threat-model: remote
import json
from django.http import JsonResponse
from pymongo import MongoClient

client = MongoClient("mongodb://localhost")


def search(request):
    criteria = json.loads(request.GET["filter"])
    users = client.app.users.find({"profile": {"$eq": criteria}, "active": True})
    return JsonResponse({"n": len(list(users))})
