import re


def code(text):
    return re.findall("[0-z]{6}", text)  # expect: py/overly-large-range
