import re

COMMENT = re.compile(r"<!--([\s\S]*?)-->|<!--([\s\S]*?)--!>")  # expect: py/bad-tag-filter


def comment_texts(page):
    return [m.group(1) for m in COMMENT.finditer(page)]
