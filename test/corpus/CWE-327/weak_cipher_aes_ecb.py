from Crypto.Cipher import AES


def seal(key, block):
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(block)  # expect: py/weak-cryptographic-algorithm
