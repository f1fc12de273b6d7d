from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden


def webhook(request):
    if request.META["HTTP_X_WEBHOOK_SECRET"] == settings.WEBHOOK_SECRET:  # expect: py/timing-attack-against-header-value
        return HttpResponse("ok")
    return HttpResponseForbidden()
