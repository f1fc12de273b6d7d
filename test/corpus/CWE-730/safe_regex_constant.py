import re

EMAIL = re.compile(r"^[^@]+@[^@]+$")


def is_email(value):
    return EMAIL.match(value) is not None
