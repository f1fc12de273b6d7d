from Crypto.PublicKey import DSA


def make_key():
    return DSA.generate(1024)  # expect: py/weak-crypto-key
