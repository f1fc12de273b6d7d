from pathlib import Path


def store_token(access_token):
    Path("/var/lib/app/token").write_text(access_token)  # expect: py/clear-text-storage-sensitive-data
