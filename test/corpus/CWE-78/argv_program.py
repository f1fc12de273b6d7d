# threat-model: local
import subprocess
import sys


def main():
    tool = sys.argv[1]
    output = subprocess.check_output([tool, "--version"])  # expect: py/command-line-injection
    print(output.decode())


main()
