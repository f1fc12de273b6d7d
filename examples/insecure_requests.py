"""Fetches a partner's price list over HTTPS without checking the certificate."""

import requests


def fetch_prices(url):
    # verify=False accepts any certificate: a man in the middle can change the prices.
    response = requests.get(url, verify=False)
    return response.json()


def post_order(order):
    # No timeout: a slow server hangs this worker forever.
    return requests.post("https://partner.example/orders", json=order, verify=True)
