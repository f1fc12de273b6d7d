from django.http import HttpResponse, HttpResponseForbidden


def metrics(request):
    ip = request.META.get("HTTP_X_REAL_IP")
    if ip != "127.0.0.1":  # expect: py/ip-address-spoofing
        return HttpResponseForbidden()
    return HttpResponse("metrics")
