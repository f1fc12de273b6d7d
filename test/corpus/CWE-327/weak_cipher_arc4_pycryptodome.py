from Crypto.Cipher import ARC4


def encrypt(key, message):
    cipher = ARC4.new(key)
    return cipher.encrypt(message)  # expect: py/weak-cryptographic-algorithm
