import os

UPLOAD_ROOT = "/srv/uploads"


def resolve_upload(user_id: str, file_name: str) -> str:
    user_dir = os.path.join(UPLOAD_ROOT, user_id)
    full_path = os.path.join(user_dir, file_name)
    return full_path  # expect: py/path-injection
