import hashlib


def digest_file(algorithm_name: str, data: bytes) -> str:
    hasher = hashlib.new(algorithm_name)  # expect: seclsp/caller-chosen-hash
    hasher.update(data)
    return hasher.hexdigest()
