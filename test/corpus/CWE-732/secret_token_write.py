import os

CACHE_DIR = os.path.expanduser("~/.cache/app")


def store_token(token: str) -> None:
    handle = open(os.path.join(CACHE_DIR, "token"), mode="w")  # expect: seclsp/secret-file-permissions
    handle.write(token.strip())
    handle.close()
