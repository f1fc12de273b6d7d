from Crypto.Cipher import Blowfish


def make_cipher(key):
    return Blowfish.new(key, Blowfish.MODE_CBC)  # expect: py/weak-cryptographic-algorithm
