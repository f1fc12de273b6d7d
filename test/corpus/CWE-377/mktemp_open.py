import tempfile


def scratch():
    path = tempfile.mktemp(suffix=".txt")  # expect: py/insecure-temporary-file
    with open(path, "w") as handle:
        handle.write("data")
    return path
