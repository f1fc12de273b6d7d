import jwt


def guest_token(user_id):
    return jwt.encode({"sub": user_id}, None, algorithm="none")  # expect: py/jwt-empty-secret-or-algorithm


def debug_token(user_id, key):
    return jwt.encode({"sub": user_id}, key, algorithm=None)  # expect: py/jwt-empty-secret-or-algorithm


def peek(token):
    return jwt.decode(token, options=dict(verify_signature=False))  # expect: py/jwt-missing-verification
