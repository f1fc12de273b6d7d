import jwt


def sign(payload):
    return jwt.encode(payload, "my-signing-key", algorithm="HS256")  # expect: py/hardcoded-credentials
