"""``python -m peru_protests release``: what a data archive (e.g. Zenodo) receives.

It builds the official book (the shipped ``data/``, every parameter at its default;
a release is never a derived build) and writes ``<out>/v<version>/``:

* ``html/`` -- the book, to be served at ``<url>/v<version>/`` (and copied to ``<url>/``
  as the latest release);
* ``book-<version>-html.zip`` -- the same pages in one file;
* ``data-<data version>.zip`` -- the data package (the CSV files and ``datapackage.json``);
* ``CITATION.cff`` and ``CITATION.bib`` -- how to cite this release;
* ``SHA256SUMS`` -- the SHA-256 of every other file, as ``sha256sum -c`` reads it.

The zip files are reproducible: fixed order and time stamps, so the same inputs give the
same checksums.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

from peru_protests.cite import book_bibtex, book_meta
from peru_protests.descriptor import read as read_descriptor
from peru_protests.paths import REPO_ROOT

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class ReleaseError(Exception):
    """The release was not written; the message says why."""


def _zip(folder: Path, target: Path, prefix: str) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_release(html: Path, data_dir: Path, release_dir: Path, root: Path = REPO_ROOT) -> Path:
    """Package an already built book (``html``) and its data folder into ``release_dir``
    (created; it must not exist yet). Returns the path of ``SHA256SUMS``."""
    meta = book_meta(root / "CITATION.cff")
    folder = read_descriptor(data_dir)
    if folder.content is None:
        raise ReleaseError(f"{data_dir}: the descriptor has problems; run python -m peru_protests validate")
    if release_dir.exists():
        raise ReleaseError(f"{release_dir} exists already: a release is written once (delete it to redo it)")
    release_dir.mkdir(parents=True)
    shutil.copytree(html, release_dir / "html")
    _zip(html, release_dir / f"book-{meta.version}-html.zip", f"book-{meta.version}")
    data_version = folder.content["version"]
    staged = release_dir / ".data"
    shutil.copytree(data_dir, staged)
    if folder.shipped:  # the archive's data package describes itself
        shutil.copy(folder.path, staged / "datapackage.json")
    _zip(staged, release_dir / f"data-{data_version}.zip", f"data-{data_version}")
    shutil.rmtree(staged)
    shutil.copy(root / "CITATION.cff", release_dir / "CITATION.cff")
    (release_dir / "CITATION.bib").write_text(book_bibtex(meta) + "\n", encoding="utf-8")
    files = sorted(p for p in release_dir.rglob("*") if p.is_file())
    sums = release_dir / "SHA256SUMS"
    sums.write_text("".join(f"{sha256(p)}  {p.relative_to(release_dir).as_posix()}\n" for p in files),
                    encoding="utf-8")
    return sums


def release(out: Path | None = None, jobs: int | None = None, root: Path = REPO_ROOT) -> Path:
    """Build the official book and write the release folder ``<out>/v<version>``
    (default ``out``: ``<root>/_build/release``)."""
    from peru_protests.build import build

    meta = book_meta(root / "CITATION.cff")
    out = Path(out or root / "_build" / "release").resolve()
    release_dir = out / f"v{meta.version}"
    if release_dir.exists():
        raise ReleaseError(f"{release_dir} exists already: a release is written once; bump the version in "
                           "CITATION.cff for a new one, or delete the folder to redo this one")
    html = out / f".html-v{meta.version}"
    build(data_dir=root / "data", out_dir=html, jobs=jobs, root=root)  # official: shipped data, no -p
    write_release(html, root / "data", release_dir, root)
    return release_dir
