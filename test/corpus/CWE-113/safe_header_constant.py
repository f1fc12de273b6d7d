from django.http import HttpResponse


def tagged(request):
    response = HttpResponse("ok")
    response["Cache-Control"] = "no-store"
    return response
