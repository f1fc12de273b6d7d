import os
from werkzeug.utils import secure_filename

UPLOADS = "/srv/uploads"


def store(filename, data):
    with open(os.path.join(UPLOADS, secure_filename(filename)), "wb") as f:
        f.write(data)
