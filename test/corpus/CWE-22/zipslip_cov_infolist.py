# threat-model: remote
import shutil
import zipfile
from pathlib import Path


def restore_backup(archive, root):
    zf = zipfile.ZipFile(archive)
    for info in zf.infolist():
        if info.is_dir():
            continue
        destination = str(Path(root) / info.filename)
        with zf.open(info) as src, open(destination, "wb") as dst:  # expect: py/zipslip
            shutil.copyfileobj(src, dst)
