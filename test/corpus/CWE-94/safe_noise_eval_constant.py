def limits():
    return eval("(1, 10, 100)")
