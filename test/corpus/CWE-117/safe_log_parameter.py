import logging

log = logging.getLogger("audit")


def record(action):
    # Logging a function's own parameter is normal: parameters are not log-injection sources.
    log.info("action=%s", action)
