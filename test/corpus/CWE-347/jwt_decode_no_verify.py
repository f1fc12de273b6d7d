import jwt


def user_of(token):
    claims = jwt.decode(token, options={"verify_signature": False})  # expect: py/jwt-missing-verification
    return claims["sub"]


def unverified_user_of(token):
    return jwt.decode(token, algorithms=["HS256"], options={"verify_signature": False})["sub"]  # expect: py/jwt-missing-verification
