import os

BASE = "/srv/files"


# severity: error
def read_file(name):
    with open(os.path.join(BASE, name)) as f:  # expect: py/path-injection
        return f.read()
