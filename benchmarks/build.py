"""Time the book's build against the naive pipeline, in one run.

    python benchmarks/build.py [--data DIR] [--jobs N] [--skip-naive]

Everything happens in a scratch copy of the repository (its own data, cache and output
folders), so the repository's ``_build/`` is left alone. Scenarios:

1. naive: each chapter notebook run by papermill in turn (each kernel validates and loads
   the data itself), then ``jupyter-book build`` of the English pages;
2. this build, clean (empty cache; every edition it builds);
3. this build again with nothing changed (no-op), in this process and in a new one;
4. this build after a valid edit of one table: the table that the fewest chapters read
   (from what the clean build recorded), one text cell of its last row.

It prints seconds, the ratios against the targets (clean build at most 0.6 x the naive
pipeline, no-op under 2 s, the edit re-executing exactly the chapters that read the
table) and which chapters read which table. Timings depend on the machine and on what
else runs on it; they are measurements, never assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peru_protests.build import build, read_toc
from peru_protests.paths import DEFAULT_DATA_DIR, REPO_ROOT

IGNORE = shutil.ignore_patterns(".git", ".venv", "_build", "tests", "benchmarks", "src", "__pycache__",
                                "*.egg-info", ".pytest_cache", "downloads", ".ipynb_checkpoints")
EDIT = " (benchmark edit)"


def scratch_repository(tmp: Path, data: Path) -> Path:
    root = tmp / "repo"
    shutil.copytree(REPO_ROOT, root, ignore=IGNORE)
    shutil.rmtree(root / "data", ignore_errors=True)
    shutil.copytree(data, root / "data")
    return root


def naive(root: Path, work: Path) -> float:
    """papermill on each chapter in turn, then jupyter-book build (English only)."""
    import papermill

    book = work / "naive"
    shutil.copytree(root, book)
    start = time.perf_counter()
    for page in read_toc(root):
        if not page.is_notebook:
            continue
        target = book / f"{page.docname}.ipynb"
        with contextlib.redirect_stderr(io.StringIO()):
            papermill.execute_notebook(str(page.source), str(target), parameters={"data_dir": str(root / "data")},
                                       cwd=str(target.parent), progress_bar=False, log_output=False)
    subprocess.run([sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(book),
                    "--builder", "html"], check=True, capture_output=True)
    return time.perf_counter() - start


def timed(label: str, **kwargs):
    quiet = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(quiet):
        result = build(**kwargs)
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:7.2f} s   executed={sorted(result.executed)} cached={len(result.cached)} "
          f"compiled={'yes' if result.compiled else 'no'}", flush=True)
    return seconds, result


def least_read_table(root: Path, reads: dict[str, list[str]]) -> tuple[str, list[str]]:
    """The CSV file read by the fewest chapters (ties: the descriptor's order)."""
    descriptor = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    files = [res["path"] for res in descriptor["resources"]]
    readers = {f: sorted(c for c, paths in reads.items() if f in paths) for f in files}
    best = min((f for f in files if readers[f]), key=lambda f: (len(readers[f]), files.index(f)))
    return best, readers[best]


def edit_one_cell(root: Path, path: str) -> str:
    """Append a few words to a free-text cell (a string field without constraints) of the
    last row that has one filled in; returns the column edited."""
    descriptor = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in descriptor["resources"] if r["path"] == path)
    free = [f["name"] for f in res["schema"]["fields"]
            if f["type"] == "string" and not f.get("constraints") and not f.get("format")
            and not f["name"].endswith(("_id", "_ids", "url", "code"))]
    file = root / "data" / path
    with open(file, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    for row in reversed(rows[1:]):
        for name in free:
            if row[header.index(name)].strip():
                row[header.index(name)] += EDIT
                with open(file, "w", newline="", encoding="utf-8") as fh:
                    csv.writer(fh, lineterminator="\n").writerows(rows)
                return name
    raise SystemExit(f"{path} has no free-text cell to edit")


def command_seconds(kwargs: dict) -> float:
    """A build in a new Python process (imports included), as a reader's command would be;
    the command line has no option for another repository root, so the call is spelled out."""
    args = ", ".join(f"{k}={str(v)!r}" for k, v in kwargs.items() if k != "jobs")
    code = f"from peru_protests.build import build; build({args})"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--skip-naive", action="store_true", help="only time this build")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, load average {load:.1f} at the start, "
          f"data: {args.data}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        root = scratch_repository(tmp, args.data)
        naive_s = None
        if not args.skip_naive:
            naive_s = naive(root, tmp)
            print(f"{'naive: papermill in turn + jupyter-book (en)':<44} {naive_s:7.2f} s", flush=True)
        kwargs = {"root": root, "data_dir": root / "data", "out_dir": tmp / "html", "build_dir": tmp / "build",
                  "jobs": args.jobs}
        clean_s, clean = timed("this build, clean", **kwargs)
        editions = "English and Spanish" if (tmp / "html" / "es" / "index.html").is_file() else "English only"
        noop_s, noop = timed("this build, no-op", **kwargs)
        noop_cmd = command_seconds(kwargs)
        print(f"{'this build, no-op, in a new process':<44} {noop_cmd:7.2f} s", flush=True)
        table, readers = least_read_table(root, clean.reads)
        column = edit_one_cell(root, table)
        edit_s, edited = timed(f"this build, after editing {table}", **kwargs)

        print("\nWhich chapters read which table (recorded by the clean build):")
        for name, paths in sorted(clean.reads.items()):
            print(f"  {name:<10} {', '.join(p for p in paths if p.endswith('.csv'))}")
        print(f"\nEditions built: {editions}.")
        if naive_s:
            ratio = clean_s / naive_s
            print(f"clean build / naive pipeline: {ratio:.2f} (target: at most 0.60) -> "
                  f"{'met' if ratio <= 0.6 else 'NOT met'}")
        print(f"no-op build: {noop_s:.2f} s in this process, {noop_cmd:.2f} s in a new process (target: under 2 s) -> "
              f"{'met' if max(noop_s, noop_cmd) < 2 else 'NOT met'}; executed nothing: {not noop.executed}")
        print(f"edit of one cell ({column}) of {table}, read by: {', '.join(readers)}; re-executed: "
              f"{', '.join(sorted(edited.executed))} -> "
              f"{'only the chapters that read it' if sorted(edited.executed) == readers else 'MISMATCH'}")
        if {"data", "sources"} <= set(readers) and len(readers) > 1:
            print("  (no table is read by one chapter only: the data chapter counts the rows of every table "
                  "and the sources chapter the citations in every table)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
