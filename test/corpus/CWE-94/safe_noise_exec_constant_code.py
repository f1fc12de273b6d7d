def defaults():
    namespace = {}
    exec(compile("retries = 3\ntimeout = 10\n", "<defaults>", "exec"), namespace)
    return namespace["retries"], namespace["timeout"]
