# HTML built around a parameter and returned: the caller serves it, so a note here.


# severity: note
def emphasis(text):
    return "<em>" + text + "</em>"  # expect: py/reflective-xss


# severity: note
def row(label, count):
    return "<tr><td>%s</td><td>%d</td></tr>" % (label, count)  # expect: py/reflective-xss
