import re


def trusted(url):
    return re.match(r"^https?://www.example.com/", url) is not None  # expect: py/incomplete-hostname-regexp
