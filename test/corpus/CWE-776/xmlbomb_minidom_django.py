# threat-model: remote
from xml.dom import minidom
from django.http import JsonResponse


def upload(request):
    document = minidom.parseString(request.body)  # expect: py/xml-bomb
    return JsonResponse({"nodes": len(document.childNodes)})
