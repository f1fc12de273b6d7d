import os

UPLOADS = "/srv/uploads"


def delete_upload(filename):
    os.remove(os.path.join(UPLOADS, os.path.basename(filename)))
