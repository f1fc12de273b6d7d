from django.http import HttpResponse


def show(request):
    page = int(request.GET.get("page", "1"))
    return HttpResponse("<p>Page %d</p>" % page)
