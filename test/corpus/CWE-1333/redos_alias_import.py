from re import sub as replace


def squash(text):
    return replace(r"(\d+\s*\d+)+;", "", text)  # expect: py/redos
