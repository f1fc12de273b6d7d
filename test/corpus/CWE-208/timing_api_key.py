import os


class Gate:
    def __init__(self):
        self.api_key = os.environ["API_KEY"]

    def allowed(self, supplied):
        return supplied == self.api_key  # expect: py/possible-timing-attack-sensitive-info
