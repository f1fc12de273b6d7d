DEFAULTS = "{'retries': 3}"


def defaults():
    return eval(DEFAULTS)
