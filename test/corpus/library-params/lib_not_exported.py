import os

__all__ = ["public_entry"]

BASE = "/srv/data"


def public_entry():
    return "ok"


# severity: note
def helper_not_in_all(name):
    os.remove(os.path.join(BASE, name))  # expect: py/path-injection
