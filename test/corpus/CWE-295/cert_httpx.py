import httpx


def fetch():
    return httpx.get("https://internal.example.com/status", verify=False)  # expect: py/request-without-cert-validation
