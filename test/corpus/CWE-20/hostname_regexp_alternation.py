import re

HOSTS = re.compile(r"^(www|beta).example.com$")  # expect: py/incomplete-hostname-regexp


def allowed(host):
    return HOSTS.match(host) is not None
