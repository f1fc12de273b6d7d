import re

SLUG = re.compile(r"^(?:[a-z]|[0-9]|-)+$")


def is_slug(text):
    return SLUG.match(text) is not None


def tokens(text):
    return re.findall(r"(?:foo|bar)+;", text)


def trailing(text):
    return re.search(r"(a|b)*", text)
