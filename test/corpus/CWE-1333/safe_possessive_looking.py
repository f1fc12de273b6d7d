import re

# Looks like nested repetition, but the separator makes every split unique.
LIST = re.compile(r"^(\w+,)*\w+$")


def is_list(text):
    return LIST.match(text) is not None
