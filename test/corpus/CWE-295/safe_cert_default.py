import requests


def fetch():
    return requests.get("https://internal.example.com/status", timeout=5)
