# threat-model: remote
import html

from b import normalize


def escape_text(text):
    return html.escape(normalize(text))
