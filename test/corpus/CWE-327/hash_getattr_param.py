import hashlib


def password_digest(hash_name: str, password: bytes) -> bytes:
    constructor = getattr(hashlib, hash_name)  # expect: seclsp/caller-chosen-hash
    return constructor(password).digest()
