"""Where the book goes, and how it gets there without destroying anything.

* :func:`check_out_dir` refuses any ``--out`` that is not an empty or absent folder or a
  book published by this tool (marked by :data:`MARKER`), and names the dangerous ones
  explicitly: ``/``, the home folder, the repository, the data folder, the build folder
  and any folder that contains one of them.
* :func:`publish` swaps the new book in with two renames on one file system; a crash at
  any instant leaves the old book, the new book, or both next to ``--out``, and
  :func:`recover` (run at the start of every build, under the lock) puts one of them
  back and removes the leftovers.
* :func:`build_lock` allows one build at a time per build folder: a second build waits
  for the first, saying so.

``PERU_PROTESTS_CRASH_AT`` (testing only) makes the build kill itself with SIGKILL at a
named point (``after-chapter``, ``compile``, ``publish-swap``), so that the tests can
prove what a crash leaves behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import tempfile
from pathlib import Path

MARKER = ".peru-protests-book"


class PublishError(Exception):
    """``--out`` names a folder that the build must not replace."""


def crash_point(name: str) -> None:
    """Testing hook: die here, as a power cut or ``kill -9`` would, when asked to."""
    if os.environ.get("PERU_PROTESTS_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _contains(folder: Path, other: Path) -> bool:
    return other == folder or other.is_relative_to(folder)


def check_out_dir(out: Path, *, root: Path, data_dir: Path, build_dir: Path) -> None:
    """Raise :class:`PublishError` unless replacing ``out`` is safe. A Sphinx build at the
    repository's default place (``_build/html``, from a version before the marker) counts
    as the tool's own."""
    out = out.resolve()
    named = {
        Path("/"): "the root of the file system",
        Path.home().resolve(): "your home folder",
        root.resolve(): "the repository",
        data_dir.resolve(): "the data folder",
        build_dir.resolve(): "the build folder (it holds the cache)",
    }
    for folder, what in named.items():
        if _contains(out, folder):
            where = "is" if out == folder else "contains"
            raise PublishError(f"--out {out} {where} {what}; the build replaces --out entirely, so it "
                               "refuses. Choose a new or empty folder, e.g. --out my-book")
    if _contains(data_dir.resolve(), out):
        raise PublishError(f"--out {out} is inside the data folder {data_dir}; choose a folder outside it")
    if out.exists() and not out.is_dir():
        raise PublishError(f"--out {out} is a file, not a folder; choose a new or empty folder")
    legacy = out == (root / "_build" / "html").resolve() and (out / ".buildinfo").is_file()
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not legacy:
        raise PublishError(f"--out {out} is not empty and was not published by this tool (it has no "
                           f"{MARKER} file), so the build will not replace it. Choose a new or empty "
                           "folder, or delete this one yourself")


def _leftovers(out: Path, kind: str) -> list[Path]:
    pattern = f".{out.name}.{kind}-*"
    return sorted(out.parent.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)


def recover(out: Path) -> str | None:
    """After a crash: put a complete book back at ``out`` if none is there (the newest
    complete new one, else the old one), then remove every leftover swap folder."""
    out = out.resolve()
    restored = None
    if not out.exists():
        for kind in ("new", "old"):
            complete = [p for p in _leftovers(out, kind) if (p / MARKER).is_file()]
            if complete:
                os.replace(complete[0], out)
                restored = f"restored the {'new' if kind == 'new' else 'previous'} book at {out} after an interrupted publish"
                break
    for kind in ("new", "old"):
        for path in _leftovers(out, kind):
            shutil.rmtree(path, ignore_errors=True)
    return restored


def publish(html: Path, out: Path, meta: dict) -> None:
    """Copy ``html`` next to ``out``, mark it complete, then swap it in."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
    fresh.rmdir()
    shutil.copytree(html, fresh)
    marker = {"tool": "peru_protests", **meta}  # no time stamp: same inputs, same bytes
    (fresh / MARKER).write_text(json.dumps(marker, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
        old.rmdir()
        os.replace(out, old)
    crash_point("publish-swap")
    os.replace(fresh, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def build_lock(build_dir: Path, log=print):
    """Hold an exclusive lock on ``build_dir`` for the whole build (released by the OS
    even if the process is killed)."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / ".lock"
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            log(f"Another build is running in {build_dir} (process {holder}); waiting for it to finish ...")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def remove_scratch(build_dir: Path) -> None:
    """Remove scratch folders that an interrupted build left (call under the lock)."""
    for pattern in (".stage-*", ".scratch-*"):
        for path in build_dir.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)
