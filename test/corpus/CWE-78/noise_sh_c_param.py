import subprocess


def run_script(script):
    return subprocess.run(["bash", "-c", script], check=True)  # expect: py/command-line-injection
