import subprocess


def compress(path):
    # A constant program and an argv list: the shell never sees `path`.
    return subprocess.run(["gzip", "-k", "--", path], check=True)
