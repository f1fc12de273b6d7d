import os
import uuid

STORE = "/srv/blobs"


def blob_path(blob_id):
    return open(os.path.join(STORE, str(uuid.UUID(blob_id))), "rb")
