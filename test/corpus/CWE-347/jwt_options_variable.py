from jose import jwt

OPTIONS = {"verify_aud": False}


def read_claims(token, key):
    options = {"verify_signature": False, "verify_exp": True}
    return jwt.decode(token, key, algorithms=["HS256"], options=options)  # expect: py/jwt-missing-verification


def issue(claims):
    return jwt.encode(claims, "", algorithm="HS256")  # expect: py/jwt-empty-secret-or-algorithm
