from pathlib import Path

STATUS_FILE = Path("/run/app/status")


def update_status(status: str) -> None:
    if STATUS_FILE.exists():
        STATUS_FILE.write_text(status)  # expect: seclsp/toctou-race
