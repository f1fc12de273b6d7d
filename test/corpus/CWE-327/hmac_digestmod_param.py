import hmac


def sign_message(algo: str, message: bytes, secret: bytes) -> bytes:
    return hmac.new(secret, message, digestmod=algo).digest()  # expect: seclsp/caller-chosen-hash
