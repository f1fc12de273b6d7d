# threat-model: remote
from django.http import HttpResponse


def tagged(request):
    response = HttpResponse("ok")
    response["X-Request-Tag"] = request.GET["tag"]  # expect: py/http-response-splitting
    return response
