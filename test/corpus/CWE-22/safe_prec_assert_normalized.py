import os

EXPORT_ROOT = "/var/exports"


def export_file(name, data):
    target = os.path.normpath(os.path.join(EXPORT_ROOT, name))
    if os.path.commonpath([EXPORT_ROOT, target]) != EXPORT_ROOT:
        raise ValueError("export outside root")
    with open(target, "w") as fh:
        fh.write(data)
