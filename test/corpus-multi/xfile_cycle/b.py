# threat-model: remote
from a import escape_text


def normalize(text):
    return " ".join(text.split())


def render(text):
    return "<p>" + escape_text(text) + "</p>"
