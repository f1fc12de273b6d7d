import os

PAGES = "/srv/pages"


def page(number):
    return open(os.path.join(PAGES, "%d.html" % int(number))).read()
