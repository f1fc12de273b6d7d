# threat-model: remote
from django.http import JsonResponse
from myapp.models import Article


def search(request):
    term = request.GET["q"]
    articles = Article.objects.raw(f"SELECT * FROM myapp_article WHERE title LIKE '%{term}%'")  # expect: py/sql-injection
    return JsonResponse({"ids": [a.id for a in articles]})
