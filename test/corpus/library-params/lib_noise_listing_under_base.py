# Listing or sizing a caller's name under a base reads only names and metadata: a note.
import os

SPOOL = "/var/spool/app"


# severity: note
def queue_entries(queue):
    return os.listdir(os.path.join(SPOOL, queue))  # expect: py/path-injection


# severity: error
def drop_queue(queue):
    os.rmdir(os.path.join(SPOOL, queue))  # expect: py/path-injection
