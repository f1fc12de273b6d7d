import js2py


def evaluate_rule(rule_source):
    return js2py.eval_js(rule_source)  # expect: py/js2py-rce
