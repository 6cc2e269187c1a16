"""The no-op build: one digest of everything a build's output depends on.

A build whose inputs digest equals the one recorded when the book at ``--out`` was
published, with that book still intact, has nothing to do: the build says so and stops
before validating, planning or importing the heavy libraries (well under 2 s).

The digest covers, by content:

* every file under the repository root (pages, notebooks, ``_config.yml``, ``_toc.yml``,
  ``CITATION.cff``, ``_static/``, catalogues, ``requirements.txt`` ...), except hidden
  files and folders (``.git``, ``.venv`` ...), ``_build``, ``__pycache__``, ``*.egg-info``,
  ``tests`` and ``benchmarks`` (never read by a build) and the build and output folders;
* every file of the package (code, message catalogues, styles), wherever it is installed;
* every file of the data folder, and the folder's path (the book names it);
* the build's own arguments that change the output (``-p`` values, ``--allow-markup``),
  the Python version and the installed version of every pinned requirement.

It leaves out the day of the build on purpose, as the book key does: a book is not
rebuilt only because the calendar moved (the date of the build in the "How this chapter
was run" box is that of the last real build).

"Intact" means: the marker file that publishing writes carries this digest, and the
number and total size of the published files are those recorded at publishing. Anything
else, or ``--force``, means a real build, which still reuses every cached chapter.

Only light modules are imported here (no pandas, no Sphinx).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from peru_protests.cache import package_files
from peru_protests.paths import PACKAGE_DIR
from peru_protests.publish import MARKER

EXCLUDED = {"_build", "__pycache__", "node_modules"}  # at any depth
TOP_EXCLUDED = {"tests", "benchmarks"}  # at the top of the repository
VERSION = "inputs-1"


def _root_files(root: Path, skip: set[Path]) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in EXCLUDED
                         and not (here == root and d in TOP_EXCLUDED)
                         and not d.endswith(".egg-info") and (here / d).resolve() not in skip)
        found += [here / f for f in sorted(files) if not f.startswith(".")]
    return found


def _hash_files(h, files: list[Path], base: Path) -> None:
    for path in files:
        try:
            name = str(path.relative_to(base))
        except ValueError:
            name = str(path)
        h.update(name.encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


def _requirements(root: Path) -> list[str]:
    path = root / "requirements.txt"
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==", line.strip())
        if match:
            try:
                out.append(f"{match[1]}=={metadata.version(match[1])}")
            except metadata.PackageNotFoundError:
                out.append(f"{match[1]}==missing")
    return out


def inputs_digest(root: Path, data_dir: Path, build_dir: Path, out_dir: Path, overrides: list[str],
                  allow_markup: bool) -> str:
    """The digest of everything the book at ``out_dir`` is built from (see the module)."""
    root, data_dir = Path(root).resolve(), Path(data_dir).resolve()
    h = hashlib.sha256(VERSION.encode())
    h.update(json.dumps({"root": str(root), "data": str(data_dir), "overrides": list(overrides),
                         "allow_markup": bool(allow_markup), "python": sys.version,
                         "installed": _requirements(root)}).encode())
    skip = {Path(build_dir).resolve(), Path(out_dir).resolve(), PACKAGE_DIR, data_dir}
    h.update(b"root\0")
    _hash_files(h, _root_files(root, skip), root)
    h.update(b"package\0")
    _hash_files(h, sorted(package_files()), PACKAGE_DIR)
    h.update(b"data\0")
    _hash_files(h, sorted(p for p in data_dir.rglob("*") if p.is_file() and not p.name.startswith(".")), data_dir)
    return h.hexdigest()


def tree_size(folder: Path) -> list[int]:
    """How many files a folder holds and their total size (a cheap sign it is intact)."""
    count = size = 0
    for here, _, files in os.walk(folder):
        for name in files:
            count += 1
            size += os.stat(os.path.join(here, name)).st_size
    return [count, size]


# --- what the build remembers of the book it published (``<build>/manifest.json``) ----------

def read_manifest(build_dir: Path) -> dict:
    try:
        manifest = json.loads((Path(build_dir) / "manifest.json").read_text(encoding="utf-8"))
        return manifest if isinstance(manifest, dict) else {}
    except (OSError, ValueError):
        return {}


def unchanged(build_dir: Path, out_dir: Path, digest: str) -> dict | None:
    """What was recorded for the book at ``out_dir`` when it was published, if the
    manifest and the book's marker both carry ``digest`` and the book still has the
    files it was published with; else ``None`` (build)."""
    seen = read_manifest(build_dir).get("inputs", {}).get(str(out_dir))
    if not isinstance(seen, dict) or seen.get("digest") != digest:
        return None
    try:
        marker = json.loads((Path(out_dir) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if marker.get("inputs") != digest or tree_size(out_dir) != seen.get("tree"):
        return None
    return seen


def intact(manifest: dict, out_dir: Path) -> bool:
    """The book at ``out_dir`` has its home page and, when recorded, the files it was
    published with (a book that lost a page is compiled again, not kept)."""
    seen = manifest.get("inputs", {}).get(str(out_dir))
    return (Path(out_dir) / "index.html").is_file() and (
        not isinstance(seen, dict) or tree_size(out_dir) == seen.get("tree"))


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def record(manifest_path: Path, manifest: dict, out_dir: Path, digest: str, chapters: list[str], reads: dict,
           mark: bool = False) -> None:
    """Remember the inputs digest of the book now at ``out_dir`` (for the next no-op
    build), with its chapters and what each read. ``mark``: the book was already up to
    date; its marker gets the digest in place (a book published before the digest was)."""
    if not digest:
        return
    if mark:
        try:
            marker = json.loads((Path(out_dir) / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if marker.get("inputs") != digest:
            _write_atomically(Path(out_dir) / MARKER,
                              json.dumps({**marker, "inputs": digest}, indent=2, sort_keys=True) + "\n")
    manifest.setdefault("inputs", {})[str(out_dir)] = {
        "digest": digest, "tree": tree_size(out_dir), "chapters": chapters, "reads": reads}
    _write_atomically(Path(manifest_path), json.dumps(manifest, indent=2, sort_keys=True))
