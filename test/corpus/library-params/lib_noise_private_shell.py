# A private helper's shell passthrough: the module's own callers are trusted, a note.
import os


# severity: note
def _run(cmd):
    return os.system(cmd)  # expect: py/command-line-injection
