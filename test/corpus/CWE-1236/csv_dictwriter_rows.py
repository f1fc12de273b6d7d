# threat-model: remote
import csv
from django.http import HttpResponse


def download(request):
    response = HttpResponse(content_type="text/csv")
    csv_writer = csv.DictWriter(response, fieldnames=["title"])
    rows = [{"title": request.GET.get("title", "")}]
    csv_writer.writerows(rows)  # expect: py/csv-injection
    return response
