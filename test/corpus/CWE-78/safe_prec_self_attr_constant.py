import subprocess


class DiskReport:
    def __init__(self, mount_point):
        self.mount_point = mount_point
        self.command = "df -h"
        self.timeout = 30

    def run(self):
        # Only the constant attribute reaches the shell.
        return subprocess.run(self.command, shell=True, timeout=self.timeout, capture_output=True)
