import subprocess


class BackupJob:
    """Runs a backup of one directory through the system tar."""

    def __init__(self, source_dir, label="nightly"):
        self.source_dir = source_dir
        self.label = label
        self.archive = "/var/backups/latest.tar"

    def run(self):
        command = f"tar czf {self.archive} {self.source_dir}"
        return subprocess.call(command, shell=True)  # expect: py/command-line-injection
