"""The same kinds of tasks done safely: seclsp reports nothing here."""

import hashlib
import hmac
import json
import secrets
import sqlite3
from pathlib import Path

import yaml

UPLOAD_DIR = Path("/srv/uploads")


def find_user(db: sqlite3.Connection, name: str) -> list[tuple]:
    # Parameterized query: the driver keeps data and SQL apart.
    return db.execute("SELECT id, name FROM users WHERE name = ?", (name,)).fetchall()


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def same_password(stored: bytes, candidate: bytes) -> bool:
    return hmac.compare_digest(stored, candidate)


def reset_token() -> str:
    return secrets.token_urlsafe(32)


def load_job(text: str) -> dict:
    return yaml.safe_load(text)


def load_settings(text: str) -> dict:
    return json.loads(text)


def upload_path(filename: str) -> Path:
    path = (UPLOAD_DIR / filename).resolve()
    if not path.is_relative_to(UPLOAD_DIR):
        raise ValueError("file name leaves the upload folder")
    return path
