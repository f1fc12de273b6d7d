import hashlib

STRONG_ALGORITHMS = {"sha256", "sha384", "sha512", "sha3_256", "blake2b"}


def digest_file(algorithm_name: str, data: bytes) -> str:
    if algorithm_name not in STRONG_ALGORITHMS:
        raise ValueError(f"algorithm {algorithm_name} is not allowed")
    hasher = hashlib.new(algorithm_name)
    hasher.update(data)
    return hasher.hexdigest()
