import ast

ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Constant,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
)


def _check_tree(tree):
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES):
            raise ValueError(f"unsupported syntax: {type(node).__name__}")


def calculate(expression):
    tree = ast.parse(expression, mode="eval")
    _check_tree(tree)
    return eval(compile(tree, "<calc>", "eval"), {"__builtins__": {}})
