import os

REPORTS = "/srv/reports"


# severity: error
def read_report(name):
    with open(os.path.join(REPORTS, name)) as handle:  # expect: py/path-injection
        return handle.read()
