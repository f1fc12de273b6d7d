# threat-model: remote
import os
import zipfile


def unpack_themes(bundle_path, themes_dir):
    with zipfile.ZipFile(bundle_path) as bundle:
        for name in bundle.namelist():
            target = os.path.join(themes_dir, name)
            with open(target, "wb") as out:  # expect: py/zipslip
                out.write(bundle.read(name))
