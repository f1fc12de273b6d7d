import subprocess


def stop(pid):
    return subprocess.run(["kill", "-TERM", str(int(pid))], check=False).returncode
