def is_trusted(url):
    return url.startswith("https://example.com/")
