# threat-model: remote
import os
import tarfile


def copy_out(package, out_dir):
    with tarfile.open(package, "r:*") as tar:
        for member in tar.getmembers():
            data = tar.extractfile(member)
            if data is None:
                continue
            path = os.path.join(out_dir, member.name)
            with open(path, "wb") as handle:  # expect: py/zipslip
                handle.write(data.read())
