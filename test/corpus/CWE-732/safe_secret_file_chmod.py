import os
import stat

CACHE_FILE = "/home/app/.cache/app/token"
REPORT_PATH = "/var/lib/app/report.txt"


def store_token(token: str) -> None:
    with open(CACHE_FILE, "w") as handle:
        os.chmod(CACHE_FILE, stat.S_IRUSR | stat.S_IWUSR)
        handle.write(token.strip())


def save_report(report: str) -> None:
    with open(REPORT_PATH, "w") as handle:
        handle.write(report)
