from urllib.parse import urlparse


def webhook_target(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise ValueError("bad scheme")
    return parsed.geturl()  # expect: seclsp/unvalidated-url
