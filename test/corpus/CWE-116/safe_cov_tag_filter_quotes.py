import re

SCRIPT = re.compile(
    r"""<script(?:\s+[a-z-]+=(?:"[^"]*"|'[^']*'))*\s*>[\s\S]*?</script[^>]*>""",
    re.IGNORECASE,
)
COMMENT = re.compile(r"<!--([\s\S]*?)--!?>")


def strip(markup):
    return COMMENT.sub("", SCRIPT.sub("", markup))
