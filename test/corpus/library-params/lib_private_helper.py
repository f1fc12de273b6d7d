import os

BASE = "/srv/data"


# severity: note
def _remove_entry(name):
    os.remove(os.path.join(BASE, name))  # expect: py/path-injection
