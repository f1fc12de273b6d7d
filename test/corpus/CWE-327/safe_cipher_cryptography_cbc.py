import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt(key, data):
    cipher = Cipher(algorithms.AES(key), modes.CBC(os.urandom(16)))
    encryptor = cipher.encryptor()
    return encryptor.update(data) + encryptor.finalize()
