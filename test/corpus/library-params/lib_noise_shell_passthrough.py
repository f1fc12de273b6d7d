# A public function that hands its caller's string to a shell: a warning (callers must quote).
import os
import subprocess


# severity: warning
def run(cmd):
    return os.system(cmd)  # expect: py/command-line-injection


# severity: warning
def run_captured(command_line):
    return subprocess.run(command_line, shell=True, capture_output=True)  # expect: py/command-line-injection
