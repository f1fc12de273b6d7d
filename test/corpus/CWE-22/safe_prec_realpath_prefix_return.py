import os

SHARE = "/srv/share"


def read_shared(name):
    full = os.path.realpath(os.path.join(SHARE, name))
    if not full.startswith(os.path.realpath(SHARE) + os.sep):
        return None
    with open(full, "rb") as fh:
        return fh.read()
