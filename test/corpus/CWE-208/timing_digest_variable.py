import hashlib


def verify_api_token(stored_hash, presented):
    computed = hashlib.sha256(presented.encode()).digest()
    return computed == stored_hash  # expect: py/possible-timing-attack-against-hash
