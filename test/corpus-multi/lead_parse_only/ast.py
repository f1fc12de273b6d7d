def parse(source, filename="<unknown>", mode="exec"):
    return compile(source, filename, mode, 1024)  # expect: py/code-injection


def literal_eval(node_or_string):
    if isinstance(node_or_string, str):
        node_or_string = parse(node_or_string.lstrip(" \t"), mode="eval")
    return node_or_string
