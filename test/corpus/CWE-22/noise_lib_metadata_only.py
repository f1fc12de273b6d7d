import os

BASE = "/srv/files"


# severity: note
def size_of(name):
    return os.path.getsize(os.path.join(BASE, name))  # expect: py/path-injection
