import os

KEY_FILE = "/etc/app/signing.key"


def write_key(key_bytes):
    fd = os.open(KEY_FILE, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key_bytes)
