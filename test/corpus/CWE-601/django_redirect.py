# threat-model: remote
from django.http import HttpResponseRedirect


def logout(request):
    return HttpResponseRedirect(request.GET["return_to"])  # expect: py/url-redirection
