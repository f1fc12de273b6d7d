import ast
import logging

ALLOWED = (ast.Expression, ast.Constant, ast.BinOp, ast.Add)


def evaluate(source):
    tree = ast.parse(source, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED):
            logging.warning("unexpected node %r", node)
    return eval(compile(tree, "<expr>", "eval"))  # expect: py/code-injection
