from django.http import HttpResponse


def logout(request):
    response = HttpResponse("bye")
    response.delete_cookie("session_hint")
    return response
