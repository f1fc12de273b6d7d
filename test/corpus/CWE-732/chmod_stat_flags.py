import os
import stat


def share():
    os.chmod("/srv/shared/report.csv", stat.S_IRWXU | stat.S_IROTH | stat.S_IWOTH)  # expect: py/overly-permissive-file
