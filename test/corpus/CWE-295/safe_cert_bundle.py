import requests


def fetch():
    return requests.get("https://internal.example.com/status", verify="/etc/ssl/certs/internal-ca.pem", timeout=5)
