import requests


def upload(data):
    with requests.Session() as s:
        return s.put("https://files.example.com/in", data=data, verify=False, timeout=10)  # expect: py/request-without-cert-validation
