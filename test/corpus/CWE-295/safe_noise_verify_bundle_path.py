import requests

CA_BUNDLE = "/etc/ssl/certs/corp-ca.pem"


def fetch_status():
    return requests.get("https://intranet.example.com/status", verify=CA_BUNDLE, timeout=10).status_code
