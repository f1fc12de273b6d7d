import os


def create_log():
    fd = os.open("/var/log/app.log", os.O_CREAT | os.O_WRONLY, 0o666)  # expect: py/overly-permissive-file
    return fd
