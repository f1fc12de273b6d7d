import logging


class Account:
    def __init__(self, user, secret):
        self.user = user
        self.secret = secret

    def debug(self):
        logging.info("account %s secret=%s", self.user, self.secret)  # expect: py/clear-text-logging-sensitive-data
