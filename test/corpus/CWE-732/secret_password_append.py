VAULT = "/var/lib/app/vault.txt"


def record_credentials(user: str, password: str) -> None:
    with open(VAULT, "a") as handle:  # expect: seclsp/secret-file-permissions
        handle.write(f"{user}:{len(password)}\n")
