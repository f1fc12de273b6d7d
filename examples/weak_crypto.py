"""Account helpers with a weak password hash, a guessable token and a hard-coded secret."""

import hashlib
import random

DATABASE_PASSWORD = "s3cr3t-hunter2"


def hash_password(password):
    # MD5 is fast and unsalted: leaked hashes are cracked in seconds.
    return hashlib.md5(password.encode()).hexdigest()


def reset_token():
    # random is not a cryptographic generator: tokens can be predicted.
    return "".join(random.choice("abcdef0123456789") for _ in range(32))


def connect(db):
    return db.connect(user="app", password="hunter2")
