from werkzeug.security import generate_password_hash


def save_credentials(user, password):
    with open("/var/lib/app/users.txt", "a") as handle:
        handle.write(user + ":" + generate_password_hash(password) + "\n")
