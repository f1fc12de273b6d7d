import re


def parse_date(text):
    return re.match(r"^(\d{4})-(\d{2})-(\d{2})$", text)


def words(text):
    return re.findall(r"\b\w+\b", text)
