"""The data behind every figure and table, as a reader downloads it: a CSV with ISO
dates and shares in per cent (as the page shows them, the header saying so), and a
metadata sidecar ``<name>.json`` (``<name>.<lang>.json`` for another language) with the
title, description, sources, licence, citation and the data version it was built from.

Every file name is stable (the figure's or table's label, never a content hash), so a
link to a download keeps working from one release to the next.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd

from peru_protests import i18n
from peru_protests.i18n import _
from peru_protests.markup import Md, csv_safe, plain

NAME = re.compile(r"[A-Za-z0-9_-]+")
SHARE = re.compile(r"(^|_)share($|_)")
PERCENT_SUFFIX = "_percent"


def is_share(column) -> bool:
    """A column holding a share (0–1) by the book's naming rule: ``share`` as a word of
    its name (``death_share``, ``share_formalised``, ``share``)."""
    return isinstance(column, str) and bool(SHARE.search(column))


def for_download(frame: pd.DataFrame, index: bool = False) -> pd.DataFrame:
    """``frame`` as the CSV shows it: share columns (see :func:`is_share`) multiplied by
    100 and renamed ``<name>_percent``; dates as ``YYYY-MM-DD`` (a timestamp with a time
    of day keeps it, ISO 8601); text cells safe from spreadsheet formulas."""
    out = frame.reset_index() if index else frame.copy()
    renames = {}
    for col in out.columns:
        if is_share(col) and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].astype(float) * 100
            renames[col] = f"{col}{PERCENT_SUFFIX}"
        elif pd.api.types.is_datetime64_any_dtype(out[col]):
            values = out[col]
            has_time = (values.dropna() != values.dropna().dt.normalize()).any()
            out[col] = values.dt.strftime("%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d")
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: md_to_text(v) if isinstance(v, Md) else v)
    out = out.rename(columns=renames)
    out.columns = [c.strftime("%Y-%m-%d") if isinstance(c, (pd.Timestamp, dt.date)) else c for c in out.columns]
    return csv_safe(out)


def md_to_text(value: Md) -> str:
    """Markup written by the book (a code span, a link) as the plain text a CSV holds:
    ```deaths.csv``` → ``deaths.csv``, ``[title](url)`` → ``title (url)``."""
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1 (\2)", str(value))
    text = re.sub(r"(`+) ?(.*?) ?\1", r"\2", text)
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def licence_text(descriptor: dict) -> str:
    """The data licence as a short label (``CC BY 4.0``) from the descriptor."""
    licences = descriptor.get("licenses") or []
    if not licences:
        return ""
    return str(licences[0].get("name", "")).replace("-", " ")


def source_entries(dataset, frame: pd.DataFrame | None) -> list[dict]:
    """The sources cited by the rows of ``frame``, ordered by publisher (as a Spanish or
    English reader sorts: accents ignored), then by date, then by id."""
    from peru_protests.validate import split_list

    if frame is None or "source_ids" not in getattr(frame, "columns", []):
        return []
    ids = list(dict.fromkeys(s for cell in frame["source_ids"] for s in split_list(cell)))
    table = dataset.sources.set_index("source_id").reindex(ids).dropna(subset=["organisation"]).reset_index()
    key = i18n.sort_key("es")
    rows = sorted(table.to_dict("records"),
                  key=lambda r: (key(r["organisation"]), str(r.get("published") or "~"), r["source_id"]))
    fields = ("source_id", "organisation", "title", "published", "url", "consulted_url")
    return [{f: (None if pd.isna(r.get(f)) else str(r[f])) for f in fields} for r in rows]


def sidecar(name: str, title: str, description: str, dataset, frame: pd.DataFrame | None, citation: str,
            columns: list[str], lang: str = "en") -> dict:
    """The metadata descriptor written beside a download (Frictionless-style keys)."""
    from peru_protests.cite import book_meta
    from peru_protests.paths import REPO_ROOT
    from peru_protests.runinfo import build_date

    meta = book_meta()
    descriptor = dataset.descriptor if dataset is not None else _shipped_descriptor()
    citation = citation or _(lang, "{authors} ({year}). “{title}”, in {book}, version {version}.").format(
        authors="; ".join(meta.authors), year=meta.year, title=plain(title), book=meta.title, version=meta.version)
    data_dir = Path(getattr(dataset, "data_dir", None) or REPO_ROOT / "data")
    official = data_dir.resolve() == (REPO_ROOT / "data").resolve()
    licences = descriptor.get("licenses") or []
    return {
        "name": name,
        "title": plain(title),
        "description": plain(description),
        "language": lang,
        "path": f"{name}.csv",
        "format": "csv",
        "encoding": "utf-8",
        "fields": [{"name": c, "unit": "percent" if str(c).endswith(PERCENT_SUFFIX) else None} for c in columns],
        "sources": source_entries(dataset, frame) if dataset is not None else [],
        "licenses": licences,
        "citation": plain(citation),
        "book": {"title": meta.title, "version": meta.version, "url": meta.versioned_url + "/"},
        "data_version": str(descriptor.get("version", "")),
        "built": build_date(),
        "derived_build": not official,
    }


def write(frame: pd.DataFrame, name: str, folder: str | Path, index: bool = False,
          meta: dict | None = None, lang: str = "en") -> tuple[Path, Path | None]:
    """Write ``<folder>/<name>.csv`` (the same bytes for every language) and, given
    ``meta``, its sidecar; return both paths (relative to the chapter)."""
    if not NAME.fullmatch(name) or not re.fullmatch(r"[A-Za-z0-9_./-]+", Path(folder).as_posix()):
        raise ValueError(f"download {name!r} in {folder!r}: use letters, digits, '_' and '-' only")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    for_download(frame, index=index).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    side = None
    if meta is not None:
        side = folder / (f"{name}.json" if lang == i18n.DEFAULT else f"{name}.{lang}.json")
        side.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path, side


def link_line(files: list[tuple[str, Path]], lang: str = "en") -> Md:
    """``Download: data (CSV) · metadata (JSON) · ...`` with one ``{download}`` role per file."""
    parts = [Md(f"{{download}}`{label} <{path.as_posix()}>`") for label, path in files]
    return Md(_(lang, "Download:")) + Md(" ") + Md(" · ").join(parts)


def _shipped_descriptor() -> dict:
    from peru_protests.paths import REPO_ROOT

    return json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def table_block(frame: pd.DataFrame, name: str, title: str, dataset=None, rows: pd.DataFrame | None = None,
                folder: str | Path = "downloads", index: bool = False, lang: str = "en") -> Md:
    """The download line under a table: ``<name>.csv`` (ISO dates, shares in per cent) and
    its sidecar, named by the table's label (``tbl-...``). ``rows`` are the data rows the
    table comes from (their sources go in the sidecar)."""
    from peru_protests.cite import book_meta

    meta = book_meta()
    title_text = title[lang] if isinstance(title, i18n.Both) else title
    citation = _(lang, "{authors} ({year}). “{title}”, in {book}, version {version}.").format(
        authors="; ".join(meta.authors), year=meta.year, title=title_text, book=meta.title, version=meta.version)
    columns = list(for_download(frame, index=index).columns)
    side_meta = sidecar(name, title_text, "", dataset, rows if rows is not None else frame, citation, columns, lang)
    csv, side = write(frame, name, folder, index=index, meta=side_meta, lang=lang)
    return link_line([(_(lang, "this table (CSV)"), csv), (_(lang, "metadata (JSON)"), side)], lang)
