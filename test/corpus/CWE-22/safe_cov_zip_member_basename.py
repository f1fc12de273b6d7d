import os
import zipfile

BUNDLE = "/srv/themes/bundle.zip"
OUT = "/srv/themes/flat"


def flatten():
    with zipfile.ZipFile(BUNDLE) as bundle:
        for name in bundle.namelist():
            target = os.path.join(OUT, os.path.basename(name))
            with open(target, "wb") as out:
                out.write(bundle.read(name))
