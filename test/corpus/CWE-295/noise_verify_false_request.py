import requests

HEALTH_URL = "https://internal.example.com/health"


def health():
    return requests.request("GET", HEALTH_URL, verify=False, timeout=10)  # expect: py/request-without-cert-validation
