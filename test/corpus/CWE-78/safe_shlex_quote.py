import os
import shlex


def compress(path):
    os.system("gzip -k " + shlex.quote(path))
