# threat-model: remote
import os
from django.http import HttpResponse


def lookup(request):
    domain = request.POST.get("domain", "")
    result = os.popen("nslookup %s" % domain).read()  # expect: py/command-line-injection
    return HttpResponse(result, content_type="text/plain")
