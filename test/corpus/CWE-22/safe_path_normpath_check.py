import os

BASE_DIR = "/srv/files"


def read_user_file(relative):
    full = os.path.normpath(os.path.join(BASE_DIR, relative))
    if not full.startswith(BASE_DIR):
        raise ValueError("path escapes base directory")
    with open(full) as handle:
        return handle.read()
