from Crypto.PublicKey import DSA as dsa_keys

BITS = 1024


def make_key():
    return dsa_keys.generate(BITS)  # expect: py/weak-crypto-key
