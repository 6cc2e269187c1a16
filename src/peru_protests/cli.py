"""Command line: ``python -m peru_protests build|validate|release|catalog``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peru_protests.paths import DEFAULT_DATA_DIR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m peru_protests",
        description="Build and check the web book on the lethal repression of Peru's protests, 2022-2023.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="validate the data, execute the chapters and compile the book")
    b.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR",
                   help="data directory (default: the shipped data/)")
    b.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="where the HTML book goes (default: _build/html)")
    b.add_argument("--build-dir", type=Path, default=None, metavar="DIR",
                   help="where the cache and scratch folders go (default: _build)")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="chapters executed at once (default: number of cores)")
    b.add_argument("--force", action="store_true", help="re-execute every chapter, ignoring the cache")
    b.add_argument("--allow-markup", action="store_true",
                   help="accept data cells that look like HTML/MyST markup or non-web addresses "
                        "(the book shows every cell as text either way)")
    b.add_argument("-p", dest="params", action="append", default=[], metavar="NAME=VALUE",
                   help="set a chapter parameter (CHAPTER.NAME=VALUE for one chapter); repeatable")

    r = sub.add_parser("release", help="build the official book and write a release folder (HTML, data zip, "
                                        "citation files, SHA-256 checksums) for a data archive")
    r.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="where the release folder v<version>/ goes (default: _build/release)")
    r.add_argument("--jobs", type=int, default=None, metavar="N")

    c = sub.add_parser("catalog", help="update the translation catalogues from the code and the pages "
                                       "(with --check: change nothing, list what is missing and exit 1)")
    c.add_argument("--check", action="store_true",
                   help="list untranslated, fuzzy and inconsistent entries and exit 1 if there are any")
    c.add_argument("--lang", default="es", metavar="LANG", help="the edition's language (default: es)")

    v = sub.add_parser("validate", help="check a data directory and report every problem")
    v.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR")
    return parser


def main(argv: list[str] | None = None) -> int:
    from peru_protests.descriptor import DescriptorError

    try:
        return _main(argv)
    except DescriptorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "catalog":
        from peru_protests import catalog, i18n

        if args.lang not in i18n.LANGS or args.lang == i18n.DEFAULT:
            print(f"error: --lang {args.lang}: the book translates into "
                  f"{', '.join(l for l in i18n.LANGS if l != i18n.DEFAULT)}", file=sys.stderr)
            return 2
        return catalog.main(check=args.check, lang=args.lang)
    if args.command == "validate":
        from peru_protests.validate import format_report, validate_dir

        try:
            problems = validate_dir(args.data)
        except KeyboardInterrupt:
            print("\nInterrupted: validation stopped.", file=sys.stderr)
            return 130
        print(format_report(args.data, problems), file=sys.stderr if problems else sys.stdout)
        return 1 if problems else 0

    from peru_protests.build import BuildError, UsageError, build

    if args.command == "release":
        from peru_protests.release import ReleaseError, release

        try:
            folder = release(out=args.out, jobs=args.jobs)
        except (ReleaseError, UsageError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except BuildError as exc:
            print(f"\nBUILD FAILED\n{exc}", file=sys.stderr)
            return 1
        print(f"Release written to {folder} (check it with: cd {folder} && sha256sum -c SHA256SUMS)")
        return 0

    if args.jobs is not None and args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        build(data_dir=args.data, out_dir=args.out, build_dir=args.build_dir, jobs=args.jobs, force=args.force, overrides=args.params,
              allow_markup=args.allow_markup)
    except KeyboardInterrupt:
        print("\nInterrupted: nothing new was published; the book already built is as it was "
              "(the next build cleans up).", file=sys.stderr)
        return 130
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"\nBUILD FAILED\n{exc}", file=sys.stderr)
        return 1
    return 0
