from Crypto.PublicKey import ECC


def make_key():
    return ECC.generate(curve="P-192")  # expect: py/weak-crypto-key
