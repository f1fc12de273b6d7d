# threat-model: remote
import os
import shlex


def quoted(value):
    return shlex.quote(value)


def run(command):
    return os.system(command)
