import random
import secrets
import string


def new_session():
    session_token = secrets.token_urlsafe(32)
    jitter = random.random()
    return {"token": session_token, "retry_after": 1 + jitter}


def generate_password(length=12):
    rng = random.SystemRandom()
    return "".join(rng.choice(string.ascii_letters) for _ in range(length))


def shuffle_cards(cards):
    random.shuffle(cards)
    return cards
