import os

import jwt

KEY = os.environ["JWT_KEY"]


def user_of(token):
    claims = jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_signature": True})
    return claims["sub"]


def issue(user_id):
    return jwt.encode({"sub": user_id}, KEY, algorithm="HS256")
