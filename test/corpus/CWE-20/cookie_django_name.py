# threat-model: remote
from django.http import HttpResponse


def remember(request):
    key = request.GET["key"]
    response = HttpResponse("saved")
    response.set_cookie(key, "1", secure=True, httponly=True)  # expect: py/cookie-injection
    return response
