from cryptography.hazmat.primitives.ciphers import Cipher, algorithms


def encrypt(key, data):
    cipher = Cipher(algorithms.ARC4(key), mode=None)
    encryptor = cipher.encryptor()
    return encryptor.update(data)  # expect: py/weak-cryptographic-algorithm
