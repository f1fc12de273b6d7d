import subprocess


def rotate_logs(directory):
    # The script is constant; the directory is a positional argument ($1), never parsed by sh.
    return subprocess.run(["sh", "-c", 'gzip "$1"/*.log', "rotate", directory], check=True)
