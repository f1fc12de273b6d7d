import os

BASE = "/srv/data"


# severity: note
def remove_fixture(name):
    os.remove(os.path.join(BASE, name))  # expect: py/path-injection
