from urllib.parse import urlparse


def is_ours(url):
    host = urlparse(url).hostname or ""
    return host.endswith("example.com")  # expect: py/incomplete-url-substring-sanitization
