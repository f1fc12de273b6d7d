import os


def share_with_group():
    os.chmod("/srv/shared/notes.txt", 0o640)
