import fcntl
import os

PROFILE_PATH = "/var/lib/app/profile.json"


def update_profile(content: str) -> bool:
    if not os.path.exists(PROFILE_PATH):
        return False
    with open(PROFILE_PATH, "r+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.write(content)
        handle.truncate()
    return True
