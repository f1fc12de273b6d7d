def save_credentials(user, password):
    with open("/tmp/creds.txt", "w") as handle:
        handle.write(user + ":" + password)  # expect: py/clear-text-storage-sensitive-data
