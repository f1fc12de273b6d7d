# threat-model: remote
from http.client import HTTPConnection

from django.http import HttpResponse


def mirror(request):
    page = request.GET["page"]
    conn = HTTPConnection("docs.internal.example", 8080)
    conn.putrequest("GET", f"/pages/{page}")  # expect: py/partial-ssrf
    conn.endheaders()
    return HttpResponse(conn.getresponse().read())
