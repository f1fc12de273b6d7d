import json

KEY_PATH = "/home/app/.config/app/key.json"


def save_api_key(api_key: str) -> None:
    with open(KEY_PATH, "w") as handle:  # expect: seclsp/secret-file-permissions
        json.dump({"api_key": api_key}, handle)
