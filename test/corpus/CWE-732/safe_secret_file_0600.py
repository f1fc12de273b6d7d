import json
import os

KEY_PATH = "/home/app/.config/app/key.json"


def save_api_key(api_key: str) -> None:
    fd = os.open(KEY_PATH, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({"api_key": api_key}, handle)
