import requests


def fetch():
    return requests.get("https://internal.example.com/status", verify=False, timeout=5)  # expect: py/request-without-cert-validation
