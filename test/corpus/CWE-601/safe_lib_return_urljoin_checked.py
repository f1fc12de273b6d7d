from urllib.parse import urljoin, urlparse

ALLOWED_DOMAINS = {"partner.example.org"}


def next_page_url(app_base_url: str, next_param: str) -> str:
    base_host = urlparse(app_base_url).netloc
    target = urljoin(app_base_url, next_param)
    parsed = urlparse(target)
    if parsed.netloc != base_host and parsed.netloc not in ALLOWED_DOMAINS:
        raise ValueError("redirect to a foreign host")
    return target
