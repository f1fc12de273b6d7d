import os
import shlex


def archive(directory):
    return os.system("tar czf backup.tgz " + shlex.quote(directory))
