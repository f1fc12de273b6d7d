import os

TEMP_DIR = "/var/lib/app/tmp"
MARKER = "/var/lib/app/tmp/ready"


def delete_lock_file() -> bool:
    lock_path = os.path.join(TEMP_DIR, "session.lock")
    try:
        os.remove(lock_path)
    except FileNotFoundError:
        return False
    return True


def read_when_ready() -> str:
    data_path = os.path.join(TEMP_DIR, "data.txt")
    if os.path.exists(MARKER):
        with open(data_path) as handle:
            return handle.read()
    return ""
