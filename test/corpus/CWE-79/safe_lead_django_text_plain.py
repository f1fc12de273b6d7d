from django.http import HttpResponse


def echo(request):
    message = request.GET.get("message", "")
    # A text/plain body is shown as text by browsers: no markup runs.
    return HttpResponse(message, content_type="text/plain; charset=utf-8")


def echo_positional(request):
    return HttpResponse(request.GET["q"], "text/plain")
