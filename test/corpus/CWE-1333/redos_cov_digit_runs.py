import re

VERSION = re.compile(r"^v(\d+|\.)*-rc$")  # expect: py/redos


def is_rc(tag):
    return bool(VERSION.match(tag))
