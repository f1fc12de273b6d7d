import os

BASE = "/srv/files"


def fetch(name):
    cleaned = name.replace("../", "")
    return open(os.path.join(BASE, cleaned), "rb")  # expect: py/path-injection
