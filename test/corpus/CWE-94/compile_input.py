# threat-model: local
def repl():
    line = input(">>> ")
    code = compile(line, "<stdin>", "eval")  # expect: py/code-injection
    return code
