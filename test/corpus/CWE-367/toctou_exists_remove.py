import os

TEMP_DIR = "/var/lib/app/tmp"


def delete_lock_file() -> bool:
    lock_path = os.path.join(TEMP_DIR, "session.lock")
    if os.path.exists(lock_path):
        os.remove(lock_path)  # expect: seclsp/toctou-race
        return True
    return False
