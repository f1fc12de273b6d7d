import os

PIDFILE = "/var/run/app/worker.pid"


def discard_pidfile():
    try:
        os.remove(PIDFILE)
    except FileNotFoundError:
        pass
