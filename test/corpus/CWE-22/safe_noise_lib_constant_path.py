import json

SETTINGS = "/etc/app/settings.json"


def load_settings():
    with open(SETTINGS) as f:
        return json.load(f)
