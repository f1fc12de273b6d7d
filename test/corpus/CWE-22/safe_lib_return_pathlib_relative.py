from pathlib import Path


def config_file(base_dir: Path, name: str) -> Path:
    candidate = (base_dir / "configs" / name).resolve()
    try:
        candidate.relative_to(base_dir.resolve())
    except ValueError:
        raise PermissionError("outside the config directory")
    return candidate
