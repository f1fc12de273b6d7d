from django.http import HttpResponse


def prefs(request):
    response = HttpResponse("ok")
    response.set_cookie("lang", "en", secure=False, httponly=True)  # expect: py/insecure-cookie
    return response
