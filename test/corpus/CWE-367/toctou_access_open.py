import os

CONFIG_PATH = "/etc/app/settings.ini"


def read_config() -> str:
    if not os.access(CONFIG_PATH, os.R_OK):
        raise PermissionError(CONFIG_PATH)
    with open(CONFIG_PATH) as handle:  # expect: seclsp/toctou-race
        return handle.read()
