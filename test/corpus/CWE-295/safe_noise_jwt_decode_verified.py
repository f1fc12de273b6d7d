import jwt

PUBLIC_KEY_FILE = "/etc/app/jwt.pub"


def claims(token):
    with open(PUBLIC_KEY_FILE) as f:
        key = f.read()
    return jwt.decode(token, key, algorithms=["RS256"])
