import re


def count_word(word, text):
    return len(re.findall(rf"\b{word}\b", text))  # expect: py/regex-injection
