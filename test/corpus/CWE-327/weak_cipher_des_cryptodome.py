from Cryptodome.Cipher import DES


def decrypt(key, blob):
    return DES.new(key, DES.MODE_CBC, iv=blob[:8]).decrypt(blob[8:])  # expect: py/weak-cryptographic-algorithm
