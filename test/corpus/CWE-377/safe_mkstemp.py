import os
import tempfile


def scratch():
    fd, path = tempfile.mkstemp(suffix=".txt")
    with os.fdopen(fd, "w") as handle:
        handle.write("data")
    return path
