def run_plugin(source_code):
    namespace = {}
    exec(source_code, namespace)  # expect: py/code-injection
    return namespace.get("main")
