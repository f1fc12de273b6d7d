from pathlib import Path


class Storage:
    def __init__(self, root):
        self.root = Path("/srv/storage").resolve()

    def read(self, relative):
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root):
            raise PermissionError(relative)
        return target.read_bytes()
