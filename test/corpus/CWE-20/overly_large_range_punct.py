import re

TOKEN = re.compile(r"^[\w.-_]+$")  # expect: py/overly-large-range


def is_token(text):
    return bool(TOKEN.match(text))
