import re


def is_python_file(name):
    return re.search(r"^[\w-]+[.]py$", name) is not None
