import re


def has_script(html):
    return re.search(r"<script[^>]*>[\s\S]*?</script[^>]*>", html) is not None  # expect: py/bad-tag-filter
