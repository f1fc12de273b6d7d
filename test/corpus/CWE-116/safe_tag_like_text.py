import re


def angle_words(text):
    return re.findall(r"<(\w+)>", text)
