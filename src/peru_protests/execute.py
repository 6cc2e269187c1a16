"""Executing chapters: papermill in worker processes, each chapter in its own scratch
folder, moved into the cache (:mod:`peru_protests.cache`) as soon as it succeeded.

Workers ignore Ctrl-C (the build stops them) and die with the build even if it is
killed; the executed notebooks are made reproducible (no run times, stable cell ids, the
data folder relative to the repository) and carry the cache key they were run under:
the chapter's base key and the files its run read (:mod:`peru_protests.data` records
them in a file next to the notebook; :mod:`peru_protests.cache` turns them into the key).
The kernels are told that the build validated the data folder (with its digest, which
they check before trusting it), so a chapter does not validate it again.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat

from peru_protests import cache
from peru_protests.paths import REPO_ROOT
from peru_protests.publish import crash_point
from peru_protests.data import READS_ENV, VALIDATED_ENV
from peru_protests.validate import ALLOW_MARKUP_ENV

NOTEBOOK_TIMEOUT_S = 600
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _log(message: str) -> None:
    print(message, flush=True)


def execute_chapter(src: str, dst: str, params: dict, cwd: str, base: str = "") -> dict:
    """Run one notebook with papermill (in a worker process). The executed copy is
    written next to ``dst`` and moved into place only when the run succeeded, with the
    cache key it was executed under (from ``base`` and the files the run read) stored
    in its metadata; the result carries that key and the files read."""
    import papermill

    start = time.perf_counter()
    running = dst + ".running.ipynb"
    reads_file = Path(dst + ".reads.jsonl")
    reads_file.unlink(missing_ok=True)
    os.environ[READS_ENV] = str(reads_file)  # the kernel inherits it
    try:
        with _stderr_to(dst + ".stderr.log"):  # the kernel's own log lines go to a file
            papermill.execute_notebook(
                src, running, parameters=params, kernel_name="python3", cwd=cwd,
                progress_bar=False, log_output=False, execution_timeout=NOTEBOOK_TIMEOUT_S,
            )
    except papermill.PapermillExecutionError as exc:
        return {"ok": False, "seconds": time.perf_counter() - start, "cell": exc.exec_count,
                "cell_index": exc.cell_index, "source": exc.source,
                "error": f"{exc.ename}: {exc.evalue}",
                "traceback": ANSI.sub("", "\n".join(exc.traceback))}
    except Exception as exc:  # kernel died, timeout, unreadable notebook ...
        return {"ok": False, "seconds": time.perf_counter() - start, "cell": None,
                "source": "", "error": f"{type(exc).__name__}: {ANSI.sub('', str(exc))}",
                "traceback": ""}
    finally:
        os.environ.pop(READS_ENV, None)
    reads = cache.recorded_reads(reads_file, Path(params["data_dir"]))
    reads_file.unlink(missing_ok=True)
    if reads is None:
        return {"ok": False, "seconds": time.perf_counter() - start, "cell": None, "source": "",
                "error": "a data file changed while the chapter was running; build again", "traceback": ""}
    key = cache.chapter_key(base, reads)
    nb = nbformat.read(running, as_version=4)
    _make_reproducible(nb, params)
    nb.metadata[cache.META] = {"cache_key": key, "base_key": base, "reads": reads}
    nbformat.write(nb, running)
    os.replace(running, dst)
    return {"ok": True, "seconds": time.perf_counter() - start, "key": key, "reads": reads}


def _make_reproducible(nb, params: dict) -> None:
    """Same inputs, same executed notebook: drop run times, and write the data directory
    relative to the repository when it lies inside it. The injected-parameters cell is
    hidden from the book (tag ``remove-cell``)."""
    data_dir = params.get("data_dir")
    if data_dir and Path(data_dir).is_relative_to(REPO_ROOT):
        portable = Path(data_dir).relative_to(REPO_ROOT).as_posix()
        params = {**params, "data_dir": portable}
    nb.metadata["papermill"] = {"parameters": params}
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags:
            if "remove-cell" not in tags:
                tags.append("remove-cell")
            cell.id = "injected-parameters"  # papermill gives it a random id
            if data_dir:
                for quote in (repr, json.dumps):
                    cell.source = cell.source.replace(quote(data_dir), quote(params["data_dir"]))
        if not tags:
            del cell.metadata["tags"]


@contextlib.contextmanager
def _stderr_to(path: str):
    """Send this process's file descriptor 2 (inherited by the kernel) to ``path``."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "wb") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def failure_message(page, result: dict, executed: Path) -> str:
    lines = [f"Chapter '{page.name}' ({page.source.relative_to(REPO_ROOT)}) failed: {result['error']}"]
    if result.get("cell") is not None:
        lines.append(f"--- failing cell (execution count {result['cell']}) ---")
        lines += ["    " + ln for ln in result["source"].splitlines()]
    if result.get("traceback"):
        lines.append("--- traceback ---")
        lines.append(result["traceback"])
    lines.append(f"(the partly executed notebook is at {executed}.running.ipynb, "
                 f"the kernel's log at {executed}.stderr.log)")
    return "\n".join(lines)


def _init_worker(allow_markup: bool, validated: str = "") -> None:
    """Workers leave Ctrl-C to the main process, which stops them; the kernels they start
    validate the data as the build did, or not at all when ``validated`` (the folder and
    its digest) still describes the folder."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ[ALLOW_MARKUP_ENV] = "1" if allow_markup else "0"
    if validated:
        os.environ[VALIDATED_ENV] = validated
    if sys.platform.startswith("linux"):  # die with the build, even if it is killed (-9)
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def execute_all(todo, keys, scratch, cache_dir, jobs, entries, result, allow_markup, validated="") -> list[str]:
    """Execute the chapters in ``todo`` in parallel, each in its own scratch folder, and
    move each one that succeeds into the cache at once (so a later kill keeps it).
    ``keys`` holds each chapter's base key on the way in and its full key on the way out."""
    _log(f"Executing {len(todo)} chapter(s) with {min(jobs, len(todo))} worker(s) ...")
    failures = []
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=ctx,
                               initializer=_init_worker, initargs=(allow_markup, validated))
    try:
        futures = {}
        for page, params in todo:
            key = keys[page.docname]
            place = scratch / cache.entry_name(page.name, key)
            target = place / f"{page.docname}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            _log(f"  [queued]   {page.name}")
            fut = pool.submit(execute_chapter, str(page.source), str(target), params, str(target.parent), key)
            futures[fut] = (page, place, target)
        for done, fut in enumerate(as_completed(futures), start=1):
            page, place, target = futures[fut]
            res = fut.result()
            status = "done" if res["ok"] else "FAILED"
            _log(f"  [{done}/{len(todo)}] {status:<6} {page.name} ({res['seconds']:.1f} s)")
            if res["ok"]:
                base, keys[page.docname] = keys[page.docname], res["key"]
                entries[page.docname] = cache.store(place, cache_dir, page.docname, res["key"], base, res["reads"])
                result.executed.append(page.name)
                crash_point("after-chapter")
            else:
                failures.append(failure_message(page, res, target))
    except BaseException:
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return failures
