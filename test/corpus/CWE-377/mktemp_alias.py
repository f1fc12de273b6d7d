from tempfile import mktemp


def workdir():
    return mktemp(prefix="job-")  # expect: py/insecure-temporary-file
