KEY_PATH = "/etc/app/signing.pem"


def save_signing_key(signing_key):
    with open(KEY_PATH, "w") as f:  # expect: seclsp/secret-file-permissions
        f.write(signing_key)
