import tarfile


def unpack(archive_path, destination):
    with tarfile.open(archive_path) as tar:
        tar.extractall(destination, filter="data")
