import os

BASE = "/srv/files"


# severity: note
def locate(name):
    return os.path.join(BASE, name)  # expect: py/path-injection
