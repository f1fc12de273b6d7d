import hashlib


def check_download_token(name, token, salt):
    return hashlib.sha256((salt + name).encode()).hexdigest() == token  # expect: py/possible-timing-attack-against-hash
