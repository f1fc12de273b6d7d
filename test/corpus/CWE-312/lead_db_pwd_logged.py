import logging

log = logging.getLogger(__name__)


def connect(host, user, db_pwd):
    log.debug("connecting to %s as %s with %s", host, user, db_pwd)  # expect: py/clear-text-logging-sensitive-data
