import re

IDENTIFIER = re.compile(r"^(?:\w|\d)+:$")  # expect: py/redos


def is_label(text):
    return IDENTIFIER.match(text) is not None


def strip_comment(line):
    return re.sub(r"(.|\s)*?-->", "", line)  # expect: py/redos
