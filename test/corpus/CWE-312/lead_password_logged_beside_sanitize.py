import logging

log = logging.getLogger(__name__)


def sanitize(line):
    return line.replace("\r", "")


def login(user, password):
    log.debug("login %s", sanitize(user))
    log.debug("password %s", password)  # expect: py/clear-text-logging-sensitive-data
