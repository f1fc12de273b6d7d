import re


def is_name(text):
    return re.match(r"^[A-z]+$", text) is not None  # expect: py/overly-large-range
