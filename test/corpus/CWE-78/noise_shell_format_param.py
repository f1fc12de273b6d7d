import subprocess


def count_lines(pattern):
    cmd = "grep -c '%s' /var/log/app.log" % pattern
    return subprocess.check_output(cmd, shell=True)  # expect: py/command-line-injection
