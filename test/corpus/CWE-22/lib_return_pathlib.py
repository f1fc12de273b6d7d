from pathlib import Path


def config_file(base_dir: Path, name: str) -> Path:
    return base_dir / "configs" / name  # expect: py/path-injection
