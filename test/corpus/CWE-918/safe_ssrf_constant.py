import requests


def health():
    return requests.get("https://status.example.com/health", timeout=5).ok


def item(item_id):
    return requests.get("https://api.example.com/items/%d" % int(item_id), timeout=5).json()
