from urllib.parse import urljoin


def next_page_url(app_base_url: str, next_param: str) -> str:
    target = urljoin(app_base_url, next_param)
    return target  # expect: seclsp/unvalidated-url
