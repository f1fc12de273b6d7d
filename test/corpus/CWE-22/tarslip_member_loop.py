import tarfile


def unpack_selected(archive_path):
    tar = tarfile.open(archive_path, "r:gz")
    for member in tar.getmembers():
        if member.isfile():
            tar.extract(member, "/tmp/out")  # expect: py/tarslip
    tar.close()
