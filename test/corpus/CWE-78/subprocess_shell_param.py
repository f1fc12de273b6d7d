import subprocess


def archive(directory):
    cmd = f"tar czf /tmp/backup.tgz {directory}"
    subprocess.run(cmd, shell=True, check=True)  # expect: py/command-line-injection
