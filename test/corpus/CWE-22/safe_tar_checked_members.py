import os
import tarfile


def unpack(archive_path, destination):
    with tarfile.open(archive_path) as tar:
        for member in tar.getmembers():
            if member.name.startswith("/") or ".." in member.name:
                raise ValueError("unsafe member " + member.name)
            tar.extract(member, destination)
