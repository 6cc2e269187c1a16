"""Presentation helpers shared by the chapters: sources under figures, Markdown
tables with numbered captions, and number formatting for the prose."""

from __future__ import annotations

import re

import pandas as pd

from peru_protests import i18n
from peru_protests.data import Dataset
from peru_protests.i18n import _, p_
from peru_protests.markup import Md, escape, link, md, render


from peru_protests.source_lines import NAMED_KINDS, NAMED_MAX, PRESS_KINDS  # noqa: F401 (shared names)


# The source lines under figures and tables live in peru_protests.source_lines (in both
# languages); these names are kept for the chapters and tests that use them.
from peru_protests.source_lines import _cited, _entry, source_line, sources_markdown  # noqa: E402,F401


KIND_LABELS = {  # the kinds of source, as a reader names them
    "official": "Peruvian state body",
    "intergovernmental": "Intergovernmental body",
    "ngo": "Human-rights organisation",
    "national_press": "National or international press",
    "regional_press": "Regional press",
    "agency": "News agency",
    "other": "Other source",
}


def bibliography(dataset: Dataset, lang: str = "en") -> pd.DataFrame:
    """The sources as a reader-facing table: publisher, title (linked to the original where
    its address is known) and date, then the consulted copy when it differs; by kind, then
    by publisher in the language's order (Áncash among the A's). The id column lets a
    reader find a source cited in the data's ``source_ids``."""
    table = dataset.sources.copy()
    table["cited"] = table["source_id"].map(dataset.citations())
    table["title"] = [link(t, u) for t, u in zip(table["title"], table["url"])]
    copy_word = _(lang, "copy")
    table["copy"] = [md("{} ({})", link(copy_word, u), n) if isinstance(n, str) else link(copy_word, u)
                     if isinstance(u, str) else Md("") for u, n in zip(table["consulted_url"], table["consulted_note"])]
    order = list(KIND_LABELS)
    key = i18n.sort_key(lang)
    table["_kind"] = table["kind"].map(lambda k: order.index(k) if k in order else len(order))
    table["_org"] = table["organisation"].map(key)
    table["_id"] = table["source_id"].map(key)
    table = table.sort_values(["_kind", "_org", "_id"])
    table["kind"] = [p_(lang, "source kind", KIND_LABELS[k]) if k in KIND_LABELS else k for k in table["kind"]]
    return table[["source_id", "organisation", "title", "published", "kind", "copy", "cited"]].rename(columns={
        "source_id": _(lang, "Id"), "organisation": _(lang, "Publisher"),
        "title": _(lang, "Title (link to the original)"), "published": _(lang, "Published"),
        "kind": _(lang, "Kind"), "copy": _(lang, "Consulted copy"), "cited": _(lang, "Rows citing it")})


def markdown_table(frame: pd.DataFrame, caption, name: str, lang: str = "en") -> Md:
    """A numbered, labelled MyST table (it can be cited as "Table N.M" and linked to
    with ``{numref}`` on ``name``). Headers, caption and cells are escaped unless they
    are trusted markup (:class:`~peru_protests.markup.Md`, e.g. a link)."""
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        raise ValueError(f"table label {name!r}: use lowercase letters, digits, '_' and '-'")
    header = "| " + " | ".join(render(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = ["| " + " | ".join(_cell(v, lang) for v in row) + " |" for row in frame.itertuples(index=False)]
    return Md("\n".join([md("```{{table}} {}", caption), f":name: {name}", "", header, rule, *body, "```"]))


def _cell(value, lang: str = "en") -> Md:
    """A table cell: dates written out, missing values empty, text escaped (trusted
    markup such as a link built with :func:`~peru_protests.markup.link` passes)."""
    if isinstance(value, pd.Timestamp):
        return escape(i18n.day(lang, value, short=True))
    if isinstance(value, Md):
        return value
    return Md("") if pd.isna(value) else escape(value)


def long_date(day: pd.Timestamp, lang: str = "en") -> str:
    """'15 December 2022' / '15 de diciembre de 2022'."""
    return i18n.day(lang, day)


def download(frame: pd.DataFrame, name: str, downloads_dir: str = "downloads", index: bool = False,
             title: str | None = None, dataset: Dataset | None = None, lang: str | None = None):
    """Write the data behind a figure or table as ``<downloads_dir>/<name>.csv`` (relative
    to the chapter; ISO dates, shares in per cent, see :mod:`peru_protests.downloads`) with
    its metadata sidecar (``<name>.json``; ``<name>.<lang>.json`` for another edition), and
    return the Markdown links that make the book ship them — in ``lang``, or in every
    language (an :class:`~peru_protests.i18n.Both`) when ``lang`` is None."""
    from peru_protests import downloads

    if lang is None:
        return i18n.both(download, frame, name, downloads_dir, index, title, dataset)
    csv_path = f"{downloads_dir}/{name}.csv"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not re.fullmatch(r"[A-Za-z0-9_./-]+", csv_path):
        raise ValueError(f"download {csv_path!r}: use letters, digits, '_' and '-' only")
    columns = list(downloads.for_download(frame, index=index).columns)
    meta = downloads.sidecar(name, title or name.replace("_", " "), "", dataset, frame, "", columns, lang)
    path, side = downloads.write(frame, name, downloads_dir, index=index, meta=meta, lang=lang)
    return Md(f"{{download}}`{_(lang, 'Download the data behind it (CSV)')} <{path.as_posix()}>` · "
              f"{{download}}`{_(lang, 'metadata (JSON)')} <{side.as_posix()}>`")


def percent(share: float, digits: int = 1, lang: str = "en") -> str:
    """0.8163 → '81.6%' (``es``: '81,6 %'); a missing or undefined share → 'undefined'."""
    import math

    if share is None or pd.isna(share) or not math.isfinite(share):
        return _(lang, "undefined")
    return i18n.percent(lang, share, digits)


def number(value: float, digits: int = 2, lang: str = "en") -> str:
    """A ratio or rate for the prose: finite values rounded, infinity and undefined spelt out."""
    import math

    if value is None or pd.isna(value):
        return _(lang, "undefined")
    if math.isinf(value):
        return _(lang, "unbounded")
    return i18n.number(lang, value, digits)


def ratio_with_interval(ratio: float, lower: float, upper: float, digits: int = 1, lang: str = "en") -> str:
    """'30.4 (95% interval 14.5 to 71.2)'."""
    return _(lang, "{ratio} (95% interval {lower} to {upper})").format(
        ratio=number(ratio, digits, lang), lower=number(lower, digits, lang), upper=number(upper, digits, lang))


def when(day, lang: str = "en") -> str:
    """'15 December 2022', or 'an unknown date' for a missing date."""
    return long_date(day, lang) if pd.notna(day) else _(lang, "an unknown date")


def listing(items, none: str | None = None, lang: str = "en") -> str:
    """'a', 'a and b', 'a, b and c' (the language's list pattern); ``none`` (default: the
    word 'none') for no items."""
    items = [str(i) for i in items]
    if not items:
        return _(lang, "none") if none is None else none
    return i18n.listing(lang, items)


def person(row, lang: str = "en") -> str:
    """A dead person as the data name them (initials for a minor, as published); a person
    whose name is not published is described as such. The row's id is not reader text."""
    if isinstance(row["name_published"], str) and row["name_published"].strip():
        return row["name_published"]
    return _(lang, "a person whose name has not been published")
