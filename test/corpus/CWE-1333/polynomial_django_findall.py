# threat-model: remote
import re

from django.http import HttpResponse


def tags(request):
    raw = request.GET.get("q", "")
    found = re.findall(r"\d+\w*x", raw)  # expect: py/polynomial-redos
    return HttpResponse(str(len(found)))
