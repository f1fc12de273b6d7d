import subprocess

BUILD_DIR = "/srv/build"


def build():
    return subprocess.run(["make", "-C", BUILD_DIR, "all"], check=True).returncode
