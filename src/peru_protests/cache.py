"""The cache of executed chapters: it cannot serve a chapter computed from other inputs.

A chapter's key is the hash of its notebook, its parameters, the content of the data
folder, the package code, the descriptor and the pinned requirements. Each executed
chapter lives in its own entry, ``<build>/cache/<chapter>-<key>/``, with the files it
wrote (its downloads); the key is also stored inside the executed notebook
(``metadata.peru_protests.cache_key``) and checked before every reuse. A chapter is
executed in a per-build scratch folder and moved into the cache with one rename only
after it succeeded, so a killed build leaves either a complete entry under the right key
or nothing. Entries for other data folders or parameters live side by side; the oldest
beyond :data:`KEEP_PER_CHAPTER` per chapter are pruned.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import nbformat

from peru_protests.paths import PACKAGE_DIR, REPO_ROOT

KEEP_PER_CHAPTER = 6
META = "peru_protests"


def _digest(paths: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(base)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def data_digest(data_dir: Path) -> str:
    files = [p for p in data_dir.rglob("*") if p.is_file() and not p.name.startswith(".")]
    return _digest(files, data_dir)


def code_digest() -> str:
    files = list(PACKAGE_DIR.rglob("*.py"))
    extra = [REPO_ROOT / "data" / "datapackage.json", REPO_ROOT / "requirements.txt"]
    h = hashlib.sha256(_digest(files, PACKAGE_DIR).encode())
    for path in extra:
        if path.is_file():
            h.update(path.read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def chapter_key(notebook: Path, params: dict, data_hash: str, code_hash: str) -> str:
    keyed = {k: v for k, v in params.items() if k != "data_dir"}  # data enter by content
    payload = json.dumps({
        "notebook": hashlib.sha256(notebook.read_bytes()).hexdigest(),
        "params": keyed, "data": data_hash, "code": code_hash,
    }, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def entry_name(chapter: str, key: str) -> str:
    return f"{chapter}-{key[:24]}"


def stored_key(notebook: Path) -> str | None:
    """The key written into an executed notebook (``None`` if unreadable or absent)."""
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # a torn or foreign file is no cache entry
        return None
    return nb.metadata.get(META, {}).get("cache_key")


def lookup(cache_dir: Path, docname: str, key: str) -> Path | None:
    """The cache entry for ``docname`` under ``key``, if one exists and the notebook in it
    carries that very key; a mismatching entry is removed."""
    entry = cache_dir / entry_name(Path(docname).name, key)
    notebook = entry / f"{docname}.ipynb"
    if not notebook.is_file():
        return None
    if stored_key(notebook) != key:
        shutil.rmtree(entry, ignore_errors=True)
        return None
    os.utime(entry)  # most recently used
    return entry


def store(scratch_entry: Path, cache_dir: Path, docname: str, key: str) -> Path:
    """Move a successfully executed chapter (its folder in the scratch area) into the
    cache with one rename, after checking the key inside it."""
    notebook = scratch_entry / f"{docname}.ipynb"
    if stored_key(notebook) != key:
        raise RuntimeError(f"{notebook} does not carry the key it was executed under")
    cache_dir.mkdir(parents=True, exist_ok=True)
    entry = cache_dir / entry_name(Path(docname).name, key)
    if entry.exists():
        shutil.rmtree(entry)
    os.replace(scratch_entry, entry)
    return entry


def prune(cache_dir: Path, chapter: str, keep: int = KEEP_PER_CHAPTER) -> None:
    entries = sorted(cache_dir.glob(f"{chapter}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for entry in entries[keep:]:
        shutil.rmtree(entry, ignore_errors=True)
