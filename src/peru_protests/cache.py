"""The cache of executed chapters: it cannot serve a chapter computed from other inputs.

A chapter's key has two parts.

* The **base key**: its notebook, its parameters, the package (code, message catalogues
  and every other file in it), the shipped descriptor, the pinned requirements and the
  Python version (:func:`base_key`).
* The **data it read**: each file its run actually read (the descriptor the loader used,
  and each table the chapter touched; :mod:`peru_protests.data` records them with the
  SHA-256 of the bytes it parsed), with that digest (:func:`chapter_key`). A file that
  was looked for and not found (a folder without its own descriptor) is recorded as
  absent, so adding it changes the key.

Why a table the chapter did not read cannot matter: a run is a deterministic function of
its notebook, parameters, code and the bytes it read (seeds are fixed; the network is not
used; the build day does not enter a chapter). Which tables it reads is decided by that
same code, with those same inputs, so as long as the base key and the content of every
recorded file are unchanged, a new run would read the same files, in the same order,
and compute the same notebook; a file it did not read can change neither its output nor
what it reads. Any change that could make it read another table (notebook, parameters,
package code, the descriptor, one of the files it read) changes the key. Validation,
which looks at every file, does not break this: the build validates the whole folder
before any chapter is run or reused, and a chapter only skips its own validation when
the folder is byte for byte the one the build validated (:func:`data.validated_by_build`).

Each executed chapter lives in its own entry, ``<build>/cache/<chapter>-<key>/``, with
the files it wrote (its downloads), and an index ``<chapter>-<key>.json`` beside it that
says which base key and which files (with their digests) it was run with. To find a
chapter, :func:`lookup` takes the entries with the same base key, hashes their recorded
files as they are now and recomputes the key; the entry is used only if that key is the
one stored inside its executed notebook (``metadata.peru_protests.cache_key``). A chapter
is executed in a per-build scratch folder and moved into the cache with one rename only
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

from peru_protests.paths import PACKAGE_DIR, REPO_ROOT

KEEP_PER_CHAPTER = 6
META = "peru_protests"
ABSENT = "absent"  # the digest recorded for a file that was looked for and not found
SKIP_DIRS = {"__pycache__"}


def _digest(paths: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(base)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def data_digest(data_dir: Path) -> str:
    files = [p for p in Path(data_dir).rglob("*") if p.is_file() and not p.name.startswith(".")]
    return _digest(files, Path(data_dir))


def package_files() -> list[Path]:
    """Every file of the package (code, catalogues, styles ...), compiled bytecode aside."""
    return [p for p in PACKAGE_DIR.rglob("*")
            if p.is_file() and not SKIP_DIRS & set(p.relative_to(PACKAGE_DIR).parts) and p.suffix != ".pyc"]


def code_digest() -> str:
    # CITATION.cff: chapters read it (figure credits, download sidecars and citations)
    extra = [REPO_ROOT / "data" / "datapackage.json", REPO_ROOT / "requirements.txt", REPO_ROOT / "CITATION.cff"]
    h = hashlib.sha256(_digest(package_files(), PACKAGE_DIR).encode())
    for path in extra:
        if path.is_file():
            h.update(path.read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def base_key(notebook: Path, params: dict, code_hash: str) -> str:
    """What a chapter's key covers besides its data: notebook, parameters and code."""
    keyed = {k: v for k, v in params.items() if k != "data_dir"}  # data enter by content
    payload = json.dumps({
        "notebook": hashlib.sha256(notebook.read_bytes()).hexdigest(),
        "params": keyed, "code": code_hash,
    }, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def chapter_key(base: str, reads: list[dict]) -> str:
    """The full key: the base key and every file read with its digest."""
    files = sorted({(r["path"], r["sha256"]) for r in reads})
    payload = json.dumps({"base": base, "reads": files})
    return hashlib.sha256(payload.encode()).hexdigest()


def file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ABSENT


def _where(recorded: str, data_dir: Path) -> Path:
    path = Path(recorded)
    return path if path.is_absolute() else data_dir / path


def recorded_reads(reads_file: Path, data_dir: Path) -> list[dict] | None:
    """The files a run read (the lines :func:`peru_protests.data.record_read` wrote), each
    once, with paths inside ``data_dir`` made relative to it (so a copy of the folder
    elsewhere finds the same entry). ``None`` when one file was read twice with different
    content (it changed during the run: such a run is not cached)."""
    data_dir = Path(data_dir).resolve()
    found: dict[str, str] = {}
    if reads_file.is_file():
        for line in reads_file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            path = Path(item["path"])
            name = path.relative_to(data_dir).as_posix() if path.is_relative_to(data_dir) else str(path)
            if found.setdefault(name, item["sha256"]) != item["sha256"]:
                return None
    return [{"path": p, "sha256": d} for p, d in sorted(found.items())]


def reads_now(reads: list[dict], data_dir: Path) -> list[dict]:
    """The same files with their digests as they are now."""
    return [{"path": r["path"], "sha256": file_sha256(_where(r["path"], Path(data_dir)))} for r in reads]


def entry_name(chapter: str, key: str) -> str:
    return f"{chapter}-{key[:24]}"


def _index(cache_dir: Path, chapter: str, key: str) -> Path:
    return cache_dir / f"{entry_name(chapter, key)}.json"


def stored_key(notebook: Path) -> str | None:
    """The key written into an executed notebook (``None`` if unreadable or absent)."""
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except Exception:  # a torn or foreign file is no cache entry
        return None
    return (meta.get(META) or {}).get("cache_key") if isinstance(meta, dict) else None


def lookup(cache_dir: Path, docname: str, base: str, data_dir: Path) -> tuple[Path, str, list[dict]] | None:
    """The cache entry for ``docname`` whose base key is ``base`` and whose recorded files
    still have the digests they had: ``(entry, key, reads)``, or ``None``. The entry is
    trusted only if its notebook carries the key recomputed now; a mismatching entry is
    removed."""
    chapter = Path(docname).name
    for index in sorted(cache_dir.glob(f"{chapter}-*.json")):
        try:
            said = json.loads(index.read_text(encoding="utf-8"))
            if said.get("base") != base or said.get("chapter") != chapter:
                continue
            reads = reads_now(said["reads"], data_dir)
        except (ValueError, KeyError, TypeError, OSError):
            continue
        key = chapter_key(base, reads)
        entry = cache_dir / entry_name(chapter, key)
        notebook = entry / f"{docname}.ipynb"
        if _index(cache_dir, chapter, key) != index or not notebook.is_file():
            continue  # the files it read have changed since: another key
        if stored_key(notebook) != key:
            _remove(entry)
            continue
        os.utime(entry)  # most recently used
        return entry, key, reads
    return None


def store(scratch_entry: Path, cache_dir: Path, docname: str, key: str, base: str = "",
          reads: list[dict] | None = None) -> Path:
    """Move a successfully executed chapter (its folder in the scratch area) into the
    cache with one rename, after checking the key inside it; then write its index (an
    entry without one is never found, so a crash in between loses nothing but time)."""
    notebook = scratch_entry / f"{docname}.ipynb"
    if stored_key(notebook) != key:
        raise RuntimeError(f"{notebook} does not carry the key it was executed under")
    cache_dir.mkdir(parents=True, exist_ok=True)
    chapter = Path(docname).name
    entry = cache_dir / entry_name(chapter, key)
    if entry.exists():
        shutil.rmtree(entry)
    os.replace(scratch_entry, entry)
    index = {"chapter": chapter, "base": base, "key": key, "reads": reads or []}
    tmp = cache_dir / f".{entry.name}.json.tmp"
    tmp.write_text(json.dumps(index, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, _index(cache_dir, chapter, key))
    return entry


def reads_of(entry: Path) -> list[str]:
    """The files (relative to the data folder when inside it) recorded for a cache entry."""
    index = entry.parent / f"{entry.name}.json"
    return [r["path"] for r in json.loads(index.read_text(encoding="utf-8"))["reads"]]


def _remove(entry: Path) -> None:
    shutil.rmtree(entry, ignore_errors=True)
    (entry.parent / f"{entry.name}.json").unlink(missing_ok=True)


def prune(cache_dir: Path, chapter: str, keep: int = KEEP_PER_CHAPTER) -> None:
    entries = sorted((p for p in cache_dir.glob(f"{chapter}-*") if p.is_dir()),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for entry in entries[keep:]:
        _remove(entry)
    for index in cache_dir.glob(f"{chapter}-*.json"):  # an index whose entry is gone
        if not (cache_dir / index.name[:-len(".json")]).is_dir():
            index.unlink(missing_ok=True)
