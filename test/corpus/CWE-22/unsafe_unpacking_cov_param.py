import shutil


def install_release(archive_path, prefix):
    """Unpack a release archive given by the caller into prefix."""
    shutil.unpack_archive(archive_path, prefix, "gztar")  # expect: py/unsafe-unpacking
