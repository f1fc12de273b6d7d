# threat-model: remote
from django.shortcuts import redirect

AFTER_LOGIN = {"shop": "/shop/", "blog": "/blog/"}


def login_done(request):
    section = request.GET.get("section", "")
    return redirect(AFTER_LOGIN.get(section, "/"))
