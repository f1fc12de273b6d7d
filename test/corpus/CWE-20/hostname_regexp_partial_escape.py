import re


def is_internal(host):
    return re.search("^[a-z]+\\.corp.example.org$", host) is not None  # expect: py/incomplete-hostname-regexp
