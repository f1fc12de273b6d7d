import jwt

SIGNING_KEY = ""


def service_token(service):
    return jwt.encode({"svc": service}, key="", algorithm="HS256")  # expect: py/jwt-empty-secret-or-algorithm
