import re


def trusted(url):
    return re.match(r"^https?://(www|beta)\.example\.com/", url) is not None
