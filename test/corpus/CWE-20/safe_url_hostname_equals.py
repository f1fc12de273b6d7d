from urllib.parse import urlparse


def is_ours(url):
    host = urlparse(url).hostname or ""
    return host == "example.com" or host.endswith(".example.com")
