import jwt


def unverified_header(token):
    # Not an HTTP request: `verify` here is PyJWT's old option (reading the header only).
    return jwt.get_unverified_header(token)
