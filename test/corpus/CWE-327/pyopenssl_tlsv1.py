from OpenSSL import SSL


def context():
    return SSL.Context(SSL.TLSv1_METHOD)  # expect: py/insecure-protocol
