import requests


def fetch():
    return requests.get("https://api.example.com/data", auth=("admin", "hunter2"), timeout=5)  # expect: py/hardcoded-credentials
