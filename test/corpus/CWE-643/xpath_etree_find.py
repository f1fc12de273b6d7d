# threat-model: remote
import xml.etree.ElementTree as ET
from django.http import JsonResponse


def find_book(request):
    root = ET.parse("books.xml").getroot()
    title = request.GET["title"]
    book = root.find(f"./book[title='{title}']")  # expect: py/xpath-injection
    return JsonResponse({"found": book is not None})
