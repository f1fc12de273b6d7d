import os


# severity: note
def read_if_present(path):
    if os.path.exists(path):
        return open(path).read()  # expect: seclsp/toctou-race, py/path-injection
