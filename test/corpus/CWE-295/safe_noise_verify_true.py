import requests


def fetch_json(session):
    return session.get("https://api.example.com/v1/items", verify=True, timeout=10).json()
