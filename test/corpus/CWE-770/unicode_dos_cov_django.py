from unicodedata import normalize

from django.http import JsonResponse

FORM = "NFKC"


def slugify_title(request):
    title = request.GET.get("title", "")
    return JsonResponse({"slug": normalize(FORM, title).lower().replace(" ", "-")})  # expect: py/unicode-dos
