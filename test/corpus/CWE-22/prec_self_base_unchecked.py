from pathlib import Path


class Storage:
    def __init__(self):
        self.root = Path("/srv/storage")

    def read(self, relative):
        target = self.root / relative
        return open(target, "rb").read()  # expect: py/path-injection
