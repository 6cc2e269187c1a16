"""Time the build: clean, no-op rebuild, and rebuild after one data file changed.

    python benchmarks/build.py [--data DIR] [--jobs N]

Works in a temporary folder (its own executed-notebook cache and output), so the
repository's _build/ is left alone. Prints one line per scenario, in seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from peru_protests.build import build
from peru_protests.paths import DEFAULT_DATA_DIR


def timed(label: str, **kwargs) -> float:
    quiet = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(quiet):
        result = build(**kwargs)
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:7.2f} s   executed={len(result.executed)} cached={len(result.cached)} "
          f"compiled={'yes' if result.compiled else 'no'}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, data: {args.data}")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(args.data, data)
        kwargs = {"data_dir": data, "out_dir": tmp / "html", "build_dir": tmp / "build", "jobs": args.jobs}
        timed("clean build", **kwargs)
        timed("no-op rebuild", **kwargs)
        deaths = data / "deaths.csv"
        lines = deaths.read_text(encoding="utf-8").splitlines()
        # a valid edit: extend the notes of the last row (notes is the last column)
        lines[-1] = lines[-1] + " (benchmark edit)" if not lines[-1].endswith('"') else lines[-1][:-1] + ' (benchmark edit)"'
        deaths.write_text("\n".join(lines) + "\n", encoding="utf-8")
        timed("rebuild after one data file edit", **kwargs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
