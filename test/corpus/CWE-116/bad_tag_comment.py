import re


def strip_comments(html):
    return re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL)  # expect: py/bad-tag-filter
