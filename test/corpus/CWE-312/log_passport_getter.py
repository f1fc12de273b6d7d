import logging


def get_passport_number(user) -> str:
    return user.documents["passport"]


def verify_traveller(user) -> None:
    logging.warning("verifying %s", get_passport_number(user))  # expect: py/clear-text-logging-sensitive-data
