import os


# severity: error
def ping(host):
    return os.system("ping -c 1 " + host)  # expect: py/command-line-injection
