# threat-model: remote
from django.http import HttpResponse
from lxml import etree


def report(request):
    stylesheet = etree.XML(request.POST.get("stylesheet", ""))  # expect: py/xxe
    tree = etree.parse("/srv/data/report.xml")
    result = tree.xslt(stylesheet)  # expect: py/xslt-injection
    result.write_output("/srv/out/report.html")
    return HttpResponse("done")
