import random
import string


def new_session():
    session_token = "".join(random.choice(string.ascii_letters) for _ in range(32))  # expect: py/insecure-randomness
    return {"token": session_token}
