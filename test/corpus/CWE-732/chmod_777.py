import os


def publish():
    os.chmod("/srv/www/index.html", 0o777)  # expect: py/overly-permissive-file
