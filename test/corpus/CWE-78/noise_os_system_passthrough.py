import os


# severity: warning
def run(cmd):
    return os.system(cmd)  # expect: py/command-line-injection
