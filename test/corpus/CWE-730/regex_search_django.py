# threat-model: remote
import re
from django.http import JsonResponse


def match(request):
    expr = request.GET["re"]
    found = re.search(expr, "payload")  # expect: py/regex-injection
    return JsonResponse({"found": found is not None})
