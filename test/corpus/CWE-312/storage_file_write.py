def save_credentials(user, password):
    with open("/tmp/creds.txt", "w") as handle:  # expect: seclsp/secret-file-permissions
        handle.write(user + ":" + password)  # expect: py/clear-text-storage-sensitive-data
