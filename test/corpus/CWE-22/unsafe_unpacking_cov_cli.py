# threat-model: local
import shutil
import sys


def main():
    shutil.unpack_archive(sys.argv[1], "/opt/app/data")  # expect: py/unsafe-unpacking


if __name__ == "__main__":
    main()
