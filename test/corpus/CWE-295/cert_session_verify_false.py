import requests

session = requests.Session()


def post(payload):
    return session.post("https://internal.example.com/api", json=payload, verify=False)  # expect: py/request-without-cert-validation
