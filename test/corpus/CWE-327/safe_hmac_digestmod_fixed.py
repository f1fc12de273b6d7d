import hashlib
import hmac

ALLOWED = ("sha256", "sha512")


def sign_message(algo: str, message: bytes, secret: bytes) -> bytes:
    if algo in ALLOWED:
        return hmac.new(secret, message, digestmod=algo).digest()
    return hmac.new(secret, message, digestmod=hashlib.sha256).digest()
