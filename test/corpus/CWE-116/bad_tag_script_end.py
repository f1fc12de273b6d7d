import re

SCRIPT = re.compile(r"<script.*?>.*?</script>", re.IGNORECASE | re.DOTALL)  # expect: py/bad-tag-filter


def strip_scripts(html):
    return SCRIPT.sub("", html)
