import os
import stat


def protect():
    os.chmod("/etc/app/key.pem", 0o600)
    os.chmod("/etc/app/cert.pem", stat.S_IRUSR | stat.S_IWUSR)
