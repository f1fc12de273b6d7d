# threat-model: local
import logging

log = logging.getLogger("audit")


def record():
    action = input("action: ")
    log.info("action=%s", action)  # expect: py/log-injection
