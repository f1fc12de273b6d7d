import os
import zipfile


BUNDLE = "/srv/themes/bundle.zip"


def unpack_checked(themes_dir):
    base = os.path.realpath(themes_dir)
    with zipfile.ZipFile(BUNDLE) as bundle:
        for name in bundle.namelist():
            target = os.path.realpath(os.path.join(base, name))
            if not target.startswith(base + os.sep):
                raise ValueError("entry outside the target folder: " + name)
            with open(target, "wb") as out:
                out.write(bundle.read(name))
