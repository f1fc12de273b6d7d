def make_getter(field):
    source = "def get(obj):\n    return obj." + field + "\n"
    namespace = {}
    exec(source, namespace)  # expect: py/code-injection
    return namespace["get"]
