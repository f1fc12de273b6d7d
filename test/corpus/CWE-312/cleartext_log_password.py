import logging

logger = logging.getLogger(__name__)


def login(username, password):
    logger.debug("login %s with password %s", username, password)  # expect: py/clear-text-logging-sensitive-data
    return username
