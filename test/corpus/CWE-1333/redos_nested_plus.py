import re


def is_word_list(text):
    return re.match(r"^(\w+\s?)*$", text)  # expect: py/redos
