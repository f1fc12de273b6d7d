import os
import shlex


class Archiver:
    def __init__(self, folder):
        self.folder = shlex.quote(folder)

    def archive(self):
        os.system("zip -r /tmp/out.zip " + self.folder)
