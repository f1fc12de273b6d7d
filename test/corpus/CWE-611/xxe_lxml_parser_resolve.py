# threat-model: remote
import lxml.etree
from django.http import HttpResponse


def import_feed(request):
    parser = lxml.etree.XMLParser(resolve_entities=True)
    tree = lxml.etree.fromstring(request.body, parser)  # expect: py/xxe
    return HttpResponse(str(len(tree)))
