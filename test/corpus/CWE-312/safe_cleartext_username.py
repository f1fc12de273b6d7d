import logging


def greet(username, email):
    logging.info("user %s (%s) signed in", username, email)
    print("Welcome", username)
