from django.http import HttpResponse


def consent(request):
    response = HttpResponse("thanks")
    response.set_cookie("consent", "yes", secure=True, httponly=True)
    return response
