import re
import unicodedata

from django.http import HttpResponseBadRequest, JsonResponse


def comment(request):
    text = request.POST.get("text", "")
    if re.search(r"[<>\"']", text):
        return HttpResponseBadRequest("markup is not allowed")
    stored = unicodedata.normalize("NFKC", text)  # expect: py/unicode-bypass-validation
    return JsonResponse({"stored": len(stored)})
