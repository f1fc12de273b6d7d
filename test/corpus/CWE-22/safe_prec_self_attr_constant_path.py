import json


class ConfigStore:
    def __init__(self, profile):
        self.profile = profile
        self.path = "/etc/myapp/config.json"

    def load(self):
        with open(self.path) as fh:
            data = json.load(fh)
        return data.get(self.profile, {})
