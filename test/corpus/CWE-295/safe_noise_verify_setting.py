import requests

VERIFY_TLS = True


def ping():
    return requests.head("https://www.example.com/", verify=VERIFY_TLS, timeout=5).ok
