import subprocess


def disk_usage():
    return subprocess.run("df -h / | tail -n 1", shell=True, capture_output=True, text=True).stdout
