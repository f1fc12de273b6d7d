import shutil
import sys


def restore(archive_path, prefix):
    shutil.unpack_archive(archive_path, prefix, format="zip")
    shutil.unpack_archive(sys.argv[1], prefix, filter="data")
    shutil.unpack_archive("/opt/app/seed.tar.gz", prefix)
