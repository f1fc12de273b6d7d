import subprocess


def _git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def current_branch():
    return _git("rev-parse", "--abbrev-ref", "HEAD").strip()
