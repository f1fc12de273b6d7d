import logging

log = logging.getLogger(__name__)


class Client:
    def sanitize(self, line):
        if line.lower().startswith("pass "):
            return line[:5] + "*" * (len(line) - 5)
        return line

    def login(self, user, password):
        line = "PASS " + password
        log.debug("sending %s", self.sanitize(line))


def mask_secret(value):
    return value[:2] + "***"


def show(api_key):
    print("using key", mask_secret(api_key))
