import os

BASE = "/srv/files"


def remove(name):
    path = os.path.join(BASE, name)
    if path.startswith(BASE):
        os.remove(path)  # expect: py/path-injection
