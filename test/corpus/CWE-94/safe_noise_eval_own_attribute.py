class Rule:
    def __init__(self):
        self.expression = "1 + 1"

    def check(self):
        return eval(self.expression, {"__builtins__": {}})
