# threat-model: remote
import json
import pickle
from django.http import JsonResponse

ALLOW_PICKLE = False


def restore(request):
    payload = request.body
    data = pickle.loads(payload) if ALLOW_PICKLE else json.loads(payload)
    return JsonResponse({"restored": bool(data)})
