import os

BASE = "/srv/files"


def read_file(name):
    path = os.path.realpath(os.path.join(BASE, name))
    if not path.startswith(BASE + os.sep):
        raise ValueError("outside the base directory")
    with open(path) as f:
        return f.read()
