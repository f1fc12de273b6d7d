def is_trusted(url):
    return url.startswith("https://example.com")  # expect: py/incomplete-url-substring-sanitization
