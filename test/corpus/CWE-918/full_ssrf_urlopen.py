# threat-model: remote
from urllib.request import urlopen
from django.http import JsonResponse


def preview(request):
    link = request.GET.get("link")
    with urlopen(link) as page:  # expect: py/full-ssrf
        size = len(page.read())
    return JsonResponse({"size": size})
