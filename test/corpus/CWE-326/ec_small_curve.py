from cryptography.hazmat.primitives.asymmetric import ec


def make_key():
    return ec.generate_private_key(ec.SECP192R1())  # expect: py/weak-crypto-key
