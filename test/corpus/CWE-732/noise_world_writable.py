import os

SHARED = "/srv/shared/drop.txt"


def share():
    os.chmod(SHARED, 0o666)  # expect: py/overly-permissive-file
