# threat-model: remote
from django.http import HttpResponse


def greet(request):
    user = request.GET.get("user", "")
    return HttpResponse("<div>Welcome, {}</div>".format(user))  # expect: py/reflective-xss
