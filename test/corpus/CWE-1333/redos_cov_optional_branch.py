import re


def has_ab(text):
    return re.search(r"(a|a?)+b", text)  # expect: py/redos
