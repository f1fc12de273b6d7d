# threat-model: remote
from django.http import HttpResponse
from django.template import Context, Template


def card(request):
    layout = request.POST["layout"]
    tpl = Template(layout)  # expect: py/template-injection
    return HttpResponse(tpl.render(Context({"user": request.user})))
