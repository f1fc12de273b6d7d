import os

CACHE_DIR = "/var/cache/thumbs"


def thumbnail_path(upload_name):
    return open(os.path.join(CACHE_DIR, os.path.basename(upload_name) + ".jpg"), "rb")
