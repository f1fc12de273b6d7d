import ast


def parse_setting(text):
    """Parse a Python literal from a settings file line."""
    key, _, raw = text.partition("=")
    return key.strip(), ast.literal_eval(raw.strip())
