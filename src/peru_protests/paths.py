"""Where things are. The repository root is found from this file's location, which
works because ``requirements.txt`` installs the package in editable mode."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DESCRIPTOR = REPO_ROOT / "data" / "datapackage.json"
CHAPTERS_DIR = REPO_ROOT / "chapters"


def data_dir_or_default(data_dir: str | Path | None) -> Path:
    """The data directory a notebook was given, or the book's shipped ``data/``."""
    return Path(data_dir).resolve() if data_dir else DEFAULT_DATA_DIR
