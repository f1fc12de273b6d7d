import os

BASE = "/srv/data"


def cleaner():
    # severity: note
    def remove(name):
        os.remove(os.path.join(BASE, name))  # expect: py/path-injection

    return remove
