"""Build the book: validate -> execute chapters with papermill -> Jupyter Book -> publish.

* When nothing the book depends on changed since the book at ``--out`` was published
  (:mod:`peru_protests.inputs`), the build says so and stops at once.
* Chapters are the notebooks listed in ``_toc.yml``. Each is executed by papermill in a
  scratch folder of its own, several at once on separate cores (:mod:`peru_protests.execute`),
  and moved into a key-addressed cache (:mod:`peru_protests.cache`) once it succeeded: a
  chapter is reused only under the key of its notebook, parameters and code and of the
  data files its last run actually read, checked inside the executed notebook; ``force``
  re-runs all. The data folder is validated once, by the build; chapters skip their own
  validation only while the folder is byte for byte the one validated.
* The cached chapters, with the generated "How to cite" block appended, are compiled by
  Jupyter Book in a scratch folder with warnings as errors.
* Publishing is all-or-nothing and crash-safe, and ``out`` is replaced only if it is a
  book this tool published, or empty (:mod:`peru_protests.publish`). One build at a time
  runs per build folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# Light modules only at the top, so that a no-op build is quick; the heavy ones (pandas,
# papermill, Sphinx) are imported where they are needed.
from peru_protests import cache, inputs
from peru_protests.paths import REPO_ROOT
from peru_protests.publish import (PublishError, build_lock, check_out_dir, crash_point, publish,
                                   recover, remove_scratch)

# Files at the top of the repository that the book is compiled from, besides the pages.
BOOK_FILES = ["_config.yml", "_toc.yml", "CITATION.cff", "CITATION.bib", "LICENSE", "LICENSE-DATA.md", "README.md"]
BOOK_DIRS = ["_static"]


class BuildError(Exception):
    """The build stopped; the message says why. The published book is untouched."""


class UsageError(BuildError):
    """Bad command-line input (e.g. an unknown parameter name)."""


@dataclass
class Page:
    docname: str  # path without suffix, as in _toc.yml, e.g. "chapters/timeline"
    source: Path  # the file in the repository
    number: int | None = None  # chapter number, for numbered chapters
    title: str = ""
    parameters: dict = field(default_factory=dict)  # declared name -> default (notebooks)
    helps: dict = field(default_factory=dict)  # declared name -> its comment in the parameters cell
    used: dict = field(default_factory=dict)  # name -> the value this build runs the chapter with
    changed: set = field(default_factory=set)  # names set with -p

    @property
    def is_notebook(self) -> bool:
        return self.source.suffix == ".ipynb"

    @property
    def name(self) -> str:
        return Path(self.docname).name


# --- planning ------------------------------------------------------------------------

def read_toc(root: Path) -> list[Page]:
    """Pages in ``_toc.yml`` order, with chapter numbers for numbered sections."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [Page(toc["root"], _resolve(root, toc["root"]))]
    number = 0

    def walk(entries, numbered):
        nonlocal number
        for entry in entries or []:
            if "file" in entry:
                page = Page(entry["file"], _resolve(root, entry["file"]))
                if numbered:
                    number += 1
                    page.number = number
                pages.append(page)
            walk(entry.get("sections"), False)

    if "parts" in toc:
        for part in toc["parts"]:
            walk(part.get("chapters"), part.get("numbered", False))
    else:
        walk(toc.get("chapters"), toc.get("options", {}).get("numbered", False))
    for page in pages:
        page.title = _title(page.source)
    return pages


def _resolve(root: Path, docname: str) -> Path:
    for suffix in (".ipynb", ".md"):
        path = root / f"{docname}{suffix}"
        if path.is_file():
            return path
    raise BuildError(f"_toc.yml lists '{docname}' but neither {docname}.ipynb nor {docname}.md exists")


def _title(path: Path) -> str:
    import nbformat

    if path.suffix == ".ipynb":
        cells = nbformat.read(path, as_version=4).cells
        lines = [ln for c in cells if c.cell_type == "markdown" for ln in c.source.splitlines()]
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip()
    raise BuildError(f"{path} has no '# Title' heading")


def notebook_parameters(path: Path, helps: bool = False) -> dict:
    """Names and default values (as written) declared in the notebook's ``parameters``
    cell; with ``helps``, the comment after each instead."""
    import papermill

    declared = papermill.inspect_notebook(str(path))
    if not declared:
        raise BuildError(f"{path} has no cell tagged 'parameters'")
    return {name: info["help" if helps else "default"] for name, info in declared.items()}


def parse_overrides(pairs: list[str], pages: list[Page], descriptor: dict | None = None) -> dict[str, dict]:
    """``NAME=VALUE`` sets NAME in every chapter that declares it; ``CHAPTER.NAME=VALUE``
    in one chapter. A name that no chapter declares is an error, not a silent no-op.
    Every value is read with the type its chapter declares (:mod:`peru_protests.parameters`),
    defaults included, before any chapter runs; each page's ``used`` and ``changed``
    are filled in. Returns the typed overrides per page."""
    from peru_protests import parameters

    per_page: dict[str, dict] = {p.docname: {} for p in pages if p.is_notebook}
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"-p expects NAME=VALUE, got {pair!r}")
        name, raw = pair.split("=", 1)
        if name.split(".")[-1] == "data_dir":
            raise UsageError(f"-p {pair}: the data folder is not a parameter; use --data DIR (it is "
                             "validated first and enters the cache by its content)")
        value = raw
        targets = [p for p in pages if p.is_notebook]
        if "." in name:
            chapter, name = name.split(".", 1)
            targets = [p for p in targets if p.name == chapter]
            if not targets:
                known = ", ".join(p.name for p in pages if p.is_notebook)
                raise UsageError(f"-p {pair}: there is no chapter '{chapter}' (chapters: {known})")
        hits = [p for p in targets if name in p.parameters]
        if not hits:
            known = sorted({n for p in targets for n in p.parameters})
            raise UsageError(f"-p {pair}: no chapter declares a parameter '{name}' "
                             f"(declared: {', '.join(known)})")
        for page in hits:
            per_page[page.docname][name] = value
    for page in pages:
        if not page.is_notebook:
            continue
        try:
            defaults = {n: parameters.default(v) for n, v in page.parameters.items() if n != "data_dir"}
            page.used = parameters.check_chapter(page.name, {**defaults, **per_page[page.docname]}, descriptor)
        except parameters.ParameterError as exc:
            raise UsageError(f"{exc}\nNo chapter was run; the book already built is untouched.") from None
        except (ValueError, SyntaxError) as exc:
            raise BuildError(f"{page.source}: a default in the parameters cell is not a plain value ({exc})") from None
        page.changed = set(per_page[page.docname])
        per_page[page.docname] = {n: page.used[n] for n in per_page[page.docname]}
    return per_page


# --- the whole build -----------------------------------------------------------------------

@dataclass
class BuildResult:
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    compiled: bool = False
    seconds: float = 0.0
    unchanged: bool = False  # stopped at once: nothing the book depends on changed
    reads: dict = field(default_factory=dict)  # chapter -> the data files its run read


def _log(message: str) -> None:
    print(message, flush=True)


def build(
    data_dir: Path | str | None = None,
    out_dir: Path | str | None = None,
    jobs: int | None = None,
    force: bool = False,
    overrides: list[str] | None = None,
    root: Path = REPO_ROOT,
    build_dir: Path | None = None,
    allow_markup: bool = False,
) -> BuildResult:
    """Validate, execute (or reuse) every chapter, compile and publish. One build at a
    time per build folder; ``out_dir`` is replaced only if it is safe to (see
    :mod:`peru_protests.publish`). ``allow_markup`` accepts data cells that look like
    markup (the book shows them as text either way; see :mod:`peru_protests.markup`)."""
    t0 = time.perf_counter()
    root = Path(root).resolve()
    data_dir = Path(data_dir or root / "data").resolve()
    build_dir = Path(build_dir or root / "_build").resolve()
    out_dir = Path(out_dir or build_dir / "html").resolve()
    jobs = max(1, jobs or (os.cpu_count() or 1))
    try:
        check_out_dir(out_dir, root=root, data_dir=data_dir, build_dir=build_dir)
    except PublishError as exc:
        raise UsageError(str(exc)) from None
    with build_lock(build_dir, _log):
        remove_scratch(build_dir)
        legacy = build_dir / "executed"  # the cache layout of version 0.2 and earlier
        if legacy.is_dir():
            shutil.rmtree(legacy, ignore_errors=True)
        restored = recover(out_dir)
        if restored:
            _log(restored)
        digest = inputs.inputs_digest(root, data_dir, build_dir, out_dir, overrides or [], allow_markup)
        result = None if force else _unchanged(build_dir, out_dir, digest)
        if result is None:
            result = _build_locked(root, data_dir, build_dir, out_dir, jobs, force, overrides or [], allow_markup,
                                   digest)
    result.seconds = time.perf_counter() - t0
    if result.compiled:
        _log(f"Built {out_dir / 'index.html'} in {result.seconds:.1f} s "
             f"({len(result.executed)} executed, {len(result.cached)} cached).")
    return result


def _unchanged(build_dir: Path, out_dir: Path, digest: str) -> BuildResult | None:
    seen = inputs.unchanged(build_dir, out_dir, digest)
    if seen is None:
        return None
    _log(f"Nothing changed since the book in {out_dir} was published (same chapters, pages, "
         "configuration, catalogues, code and data): nothing was validated, executed or compiled.")
    return BuildResult(cached=list(seen.get("chapters", [])), unchanged=True, reads=seen.get("reads", {}))


def _build_locked(root, data_dir, build_dir, out_dir, jobs, force, overrides, allow_markup, digest="") -> BuildResult:
    from peru_protests import data, edition, i18n, parameters, site_files
    from peru_protests import descriptor as descriptors
    from peru_protests.execute import execute_all
    from peru_protests.stage import stage_book
    from peru_protests.validate import format_report, validate_dir

    result = BuildResult()
    _log(f"Validating {data_dir} ...")
    problems = validate_dir(data_dir, allow_markup=allow_markup)
    if problems:
        raise BuildError(format_report(data_dir, problems) + "\nThe book was not built.")

    pages = read_toc(root)
    chapters = [p for p in pages if p.is_notebook]
    folder = descriptors.read(data_dir)
    for page in chapters:
        page.parameters = notebook_parameters(page.source)
        page.helps = notebook_parameters(page.source, helps=True)
        if "data_dir" not in page.parameters:
            raise BuildError(f"{page.source} must declare a 'data_dir' parameter")
    per_page = parse_overrides(overrides, pages, folder.content)

    cache_dir = build_dir / "cache"
    manifest_path = build_dir / "manifest.json"
    manifest = inputs.read_manifest(build_dir)
    books = manifest.get("books", {})
    data_hash, code_hash = cache.data_digest(data_dir), cache.code_digest() + edition.catalogue_digest(pages=False)
    ds = data.load(data_dir, validate=False)
    for page in chapters:
        try:
            parameters.check_data(page.name, page.used, ds.tables, page.changed)
        except parameters.ParameterError as exc:
            raise UsageError(f"{exc}\nNo chapter was run; the book already built is untouched.") from None
    info = _build_info(root, data_dir, data_hash, folder, pages, ds)
    if info.derived:
        from peru_protests import runinfo

        _log(f"  (derived build: {runinfo.plain_derived(info)})")

    todo, keys, entries = [], {}, {}
    for page in chapters:
        params = {"data_dir": str(data_dir), **per_page[page.docname]}
        keys[page.docname] = cache.base_key(page.source, params, code_hash + ("+markup" if allow_markup else ""))
        found = None if force else cache.lookup(cache_dir, page.docname, keys[page.docname], data_dir)
        if found is not None:
            entries[page.docname], keys[page.docname], reads = found
            result.reads[page.name] = [r["path"] for r in reads]
            result.cached.append(page.name)
            _log(f"  [cached]   {page.name}")
        else:
            todo.append((page, params))

    if todo:
        scratch = Path(tempfile.mkdtemp(dir=build_dir, prefix=".scratch-"))
        validated = json.dumps({"data_dir": str(data_dir), "digest": data_hash})
        failures = execute_all(todo, keys, scratch, cache_dir, jobs, entries, result, allow_markup, validated)
        if failures:
            raise BuildError("\n\n".join(failures) + "\n\nThe book was not built; the previous build is untouched.")
        shutil.rmtree(scratch, ignore_errors=True)
        for page, _ in todo:
            result.reads[page.name] = cache.reads_of(entries[page.docname])
    for page in chapters:
        cache.prune(cache_dir, page.name)

    book_key = _book_key(root, pages, keys, data_hash, code_hash, info)
    if not force and books.get(str(out_dir)) == book_key and inputs.intact(manifest, out_dir):
        _log(f"Nothing changed: the book in {out_dir} is up to date.")
        inputs.record(manifest_path, manifest, out_dir, digest, [p.name for p in chapters], result.reads, mark=True)
        return result

    _log(f"Compiling the book with Jupyter Book ({', '.join(i18n.LANGS)}) ...")
    with tempfile.TemporaryDirectory(dir=build_dir, prefix=".stage-") as scratch:
        scratch = Path(scratch)
        stages = {}
        for lang in i18n.LANGS:  # every edition from the same executed chapters
            stages[lang] = scratch / ("src" if lang == i18n.DEFAULT else f"src-{lang}")
            report = stage_book(root, pages, entries, stages[lang], info, _book_files(root, pages), lang=lang)
            site_files.stage_site(root, data_dir, stages[lang], lang)  # the data package, source, licences
            if not report.complete:
                _log(f"  [{lang}] left in English: {report.summary()} "
                     "(python -m peru_protests catalog --check lists them)")
                for where, block in report.blocks[:3]:
                    _log(f"    e.g. {where}: {block[:80]!r}")
        crash_point("compile")
        started = time.perf_counter()
        htmls = _compile_editions({lang: (stage, scratch / f"out-{lang}") for lang, stage in stages.items()})
        _log(f"  compiled {len(htmls)} editions in {time.perf_counter() - started:.1f} s")
        for html in htmls.values():
            site_files.slim(html)  # what no page loads
        saved = edition.combine(htmls[i18n.DEFAULT], {lang: h for lang, h in htmls.items() if lang != i18n.DEFAULT})
        _log(f"  static assets shared by the editions: {saved / 1e6:.1f} MB not stored twice")
        publish(htmls[i18n.DEFAULT], out_dir, {"data": data_hash, "book_key": book_key, "inputs": digest})
    result.compiled = True
    books[str(out_dir)] = book_key
    manifest["books"] = books
    inputs.record(manifest_path, manifest, out_dir, digest, [p.name for p in chapters], result.reads)
    return result


def _book_files(root: Path, pages: list[Page]) -> list[Path]:
    files = [root / f for f in BOOK_FILES if (root / f).is_file()]
    files += [p.source for p in pages if not p.is_notebook]
    for d in BOOK_DIRS:
        if (root / d).is_dir():
            files += [p for p in (root / d).rglob("*") if p.is_file()]
    return files


def _build_info(root: Path, data_dir: Path, data_hash: str, folder, pages: list[Page], ds=None):
    from peru_protests import data, runinfo
    from peru_protests.cite import book_meta

    ds = ds if ds is not None else data.load(data_dir, validate=False)
    overrides = {f"{p.name}.{n}": p.used[n] for p in pages if p.is_notebook for n in sorted(p.changed)}
    return runinfo.BuildInfo(
        book_version=book_meta(root / "CITATION.cff").version,
        data_version=str(folder.content.get("version", "")),
        data_folder=data_dir.name, fingerprint=data_hash[:12], built=runinfo.build_date(),
        data_as_of=runinfo.data_as_of(ds.tables, folder.content),
        derived=data_dir != (root / "data").resolve() or bool(overrides),
        overrides=overrides, descriptor_shipped=folder.shipped)


def _book_key(root, pages, keys, data_hash, code_hash, info) -> str:
    from peru_protests import edition

    labels = {k: v for k, v in vars(info).items() if k != "built"}  # not recompiled just for a new day
    payload = {"pages": cache._digest(_book_files(root, pages), root), "chapters": keys,
               "page_catalogues": edition.catalogue_digest(pages=True),
               "data": data_hash, "code": code_hash, "info": labels}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _compile_editions(jobs: dict[str, tuple[Path, Path]]) -> dict[str, Path]:
    """Compile every edition's staged source with Jupyter Book, all at once (one Sphinx
    build per language; nothing is executed). Returns each edition's HTML folder."""
    procs = {}
    for lang, (stage, out) in jobs.items():
        log = out.parent / f"{out.name}.log"  # a file, not a pipe: no build waits for its log to be read
        with log.open("w", encoding="utf-8") as fh:
            procs[lang] = (subprocess.Popen(_compile_cmd(stage, out), stdout=fh, stderr=subprocess.STDOUT), out, log)
    results, errors = {}, []
    for lang, (proc, out, log) in procs.items():
        proc.wait()
        try:
            results[lang] = _compiled(proc.returncode, log.read_text(encoding="utf-8", errors="replace"), out)
        except BuildError as exc:
            errors.append(f"[{lang}] {exc}")
    if errors:
        raise BuildError("\n\n".join(errors))
    return results


def _compile_cmd(stage: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
            "build", str(stage), "--path-output", str(out), "--builder", "html",
            "-W", "-n", "--keep-going"]


def _compiled(returncode: int, log: str, out: Path) -> Path:
    html = out / "_build" / "html"
    if returncode != 0 or not (html / "index.html").is_file():
        from peru_protests.execute import ANSI

        log = ANSI.sub("", log)
        warnings = [ln for ln in log.splitlines() if "WARNING" in ln or "ERROR" in ln]
        detail = "\n".join(warnings) if warnings else log[-4000:]
        raise BuildError(f"Jupyter Book failed (exit {returncode}); warnings count as errors:\n"
                         f"{detail}\nThe previous build is untouched.")
    return html
