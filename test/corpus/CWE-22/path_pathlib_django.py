# threat-model: remote
from pathlib import Path
from django.http import HttpResponse

BASE = Path("/srv/static")


def view_file(request, name):
    target = BASE / name
    return HttpResponse(target.read_text())  # expect: py/path-injection
