from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # expect: py/csrf-protection-disabled
def webhook(request):
    return HttpResponse("ok")
