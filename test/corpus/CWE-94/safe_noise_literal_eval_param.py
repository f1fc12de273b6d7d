import ast


def parse_tuple(text):
    return ast.literal_eval(text)
