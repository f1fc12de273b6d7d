import re

SCRIPT = re.compile(r"<script[^>]*>[\s\S]*?</script[^>]*>", re.IGNORECASE)
COMMENT = re.compile(r"<!--[\s\S]*?--!?>")


def strip(html):
    return COMMENT.sub("", SCRIPT.sub("", html))
