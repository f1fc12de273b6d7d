import os

LOCK = "/var/run/app/worker.lock"


def create_lock():
    fd = os.open(LOCK, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
