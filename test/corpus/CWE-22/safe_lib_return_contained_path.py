import os

UPLOAD_ROOT = "/srv/uploads"


def resolve_upload(user_id: str, file_name: str) -> str:
    user_dir = os.path.join(UPLOAD_ROOT, user_id)
    full_path = os.path.realpath(os.path.join(user_dir, file_name))
    if not full_path.startswith(os.path.realpath(UPLOAD_ROOT) + os.sep):
        raise ValueError("path escapes the upload directory")
    return full_path
