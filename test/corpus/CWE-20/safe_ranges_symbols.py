import re


def operators(text):
    return re.findall(r"[+-/*]", text)
