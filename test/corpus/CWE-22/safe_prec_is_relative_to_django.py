# threat-model: remote
from pathlib import Path

from django.http import FileResponse, Http404

MEDIA_ROOT = Path("/srv/media")


def serve(request):
    target = (MEDIA_ROOT / request.GET.get("f", "")).resolve()
    if not target.is_relative_to(MEDIA_ROOT.resolve()):
        raise Http404("outside media root")
    return FileResponse(open(target, "rb"))
