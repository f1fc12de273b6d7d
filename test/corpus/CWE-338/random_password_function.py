from random import choices
import string


def generate_password(length=12):
    return "".join(choices(string.ascii_letters + string.digits, k=length))  # expect: py/insecure-randomness
