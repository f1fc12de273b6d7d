from django.http import HttpResponse


def greet(request):
    name = request.GET.get("name", "")
    return HttpResponse("<p>Hello " + name + "</p>", content_type="text/html; charset=utf-8")  # expect: py/reflective-xss
