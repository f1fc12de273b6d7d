# Evaluating the caller's expression is the function's contract: a note.


# severity: note
def evaluate(expression, namespace):
    return eval(expression, namespace)  # expect: py/code-injection
