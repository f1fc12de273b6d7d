import html


def bold(text):
    return "<b>" + html.escape(text) + "</b>"
