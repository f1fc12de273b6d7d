# threat-model: remote
from django.http import HttpResponse
from django.utils.html import escape
from django.views import View


class GreetingView(View):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.visitor = escape(request.GET.get("name", "guest"))

    def get(self, request):
        return HttpResponse("<h1>Hello " + self.visitor + "</h1>")
