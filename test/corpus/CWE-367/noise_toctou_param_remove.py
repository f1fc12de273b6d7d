import os


# severity: warning
def purge(path):
    if os.path.isfile(path):
        os.remove(path)  # expect: seclsp/toctou-race, py/path-injection
