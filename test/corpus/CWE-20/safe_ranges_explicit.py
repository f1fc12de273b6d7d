import re


def is_identifier(text):
    return re.match(r"^[a-zA-Z_][a-zA-Z0-9_-]*$", text) is not None


def printable(text):
    return re.sub(r"[^\x20-\x7e]", "", text)
