from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def logout(request):
    target = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect("/")
