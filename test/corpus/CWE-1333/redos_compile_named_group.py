import re

NUMBERS = re.compile(r"(?P<num>\d+)*\Z", re.MULTILINE)  # expect: py/redos


def numbers(text):
    return NUMBERS.search(text)
