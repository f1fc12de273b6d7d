import logging
import os

log = logging.getLogger(__name__)


def report_location():
    # `pwd` is the shell's "print working directory", not a password.
    pwd = os.getcwd()
    log.info("running in %s", pwd)
    print("cwd:", pwd)
