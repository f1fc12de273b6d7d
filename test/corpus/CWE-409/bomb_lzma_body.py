# threat-model: remote
import lzma
from django.http import HttpResponse


def restore(request):
    snapshot = lzma.decompress(request.body)  # expect: py/decompression-bomb
    return HttpResponse(str(len(snapshot)))
