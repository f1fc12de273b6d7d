import tempfile

LOCK_PATH = tempfile.mktemp()  # expect: py/insecure-temporary-file
