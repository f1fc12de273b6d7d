from markupsafe import escape


def label(text):
    return "<span class=\"label\">" + str(escape(text)) + "</span>"
