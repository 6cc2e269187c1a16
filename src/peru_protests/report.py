"""Presentation helpers shared by the chapters: sources under figures, Markdown
tables with numbered captions, and number formatting for the prose."""

from __future__ import annotations

import re

import pandas as pd

from peru_protests import i18n
from peru_protests.data import Dataset
from peru_protests.i18n import _, p_
from peru_protests.markup import Md, escape, join, link, md, render
from peru_protests.validate import split_list


NAMED_KINDS = ("official", "intergovernmental", "ngo", "agency")
PRESS_KINDS = ("national_press", "regional_press")
NAMED_MAX = 4


def _cited(dataset: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """The sources cited by ``frame``, with how many of its rows cite each (``rows``)."""
    counts: dict[str, int] = {}
    for sid in (s for cell in frame["source_ids"] for s in split_list(cell)):
        counts[sid] = counts.get(sid, 0) + 1
    table = dataset.sources.set_index("source_id").loc[list(counts)].reset_index()
    table["rows"] = table["source_id"].map(counts)
    return table


def _publishers(table: pd.DataFrame) -> list[str]:
    """Distinct publishers, most cited first (ties by name)."""
    rows = table.groupby("organisation")["rows"].sum()
    return sorted(rows.index, key=lambda org: (-rows[org], org))


def source_line(dataset: Dataset, frame: pd.DataFrame) -> Md:
    """One line a reader can quote under a figure or table, naming the main publishers:
    official, intergovernmental and NGO publishers and news agencies by name (most cited
    first, at most :data:`NAMED_MAX`), the press as 'press reports compiled by the book'
    with the number of outlets, and the rest counted."""
    table = _cited(dataset, frame)
    if table.empty:
        return md("*Source: none (no rows behind this item).*")
    parts: list[Md] = []
    if "organisation" in frame.columns:  # tables of published figures name who produced them
        made = frame["organisation"].dropna().value_counts()
        producers = sorted(made.index, key=lambda org: (-made[org], org))
        if len(producers) > 2:
            who = md("{} and {} other{}", join(producers[:2]), len(producers) - 2, "s" if len(producers) > 3 else "")
        else:
            who = join(producers, " and ")
        parts.append(md("figures of {}, as published by", who))
    named = _publishers(table[table["kind"].isin(NAMED_KINDS)])
    parts += [escape(org) for org in named[:NAMED_MAX]]
    if len(named) > NAMED_MAX:
        parts.append(md("{} other organisation{}", len(named) - NAMED_MAX, "s" if len(named) > NAMED_MAX + 1 else ""))
    press = _publishers(table[table["kind"].isin(PRESS_KINDS)])
    if len(press) == 1:
        parts.append(md("a press report ({})", press[0]))
    elif press:
        parts.append(md("press reports compiled by the book ({} outlets, most cited: {})",
                        len(press), join(press[:2], " and ")))
    other = _publishers(table[~table["kind"].isin(NAMED_KINDS + PRESS_KINDS)])
    if other:
        parts.append(md("{} other source{} (blogs, aggregators, reference data)", len(other),
                        "s" if len(other) > 1 else ""))
    if "organisation" in frame.columns:
        return md("**Source:** {} {}.", parts[0], join(parts[1:], "; "))
    return md("**Source:** {}.", join(parts, "; "))


def _entry(src) -> Md:
    """Publisher, title (linked to the original's own address), date; then the consulted
    copy, labelled as such, when the book's authors read a copy."""
    date = md(", {}", src["published"]) if isinstance(src["published"], str) else Md("")
    entry = md("{}, {}{}", src["organisation"], link(src["title"], src["url"]), date)
    if isinstance(src["consulted_url"], str):
        note = md(" ({})", src["consulted_note"]) if isinstance(src["consulted_note"], str) else Md("")
        entry += md(". Consulted copy: {}{}", link("copy", src["consulted_url"]), note)
    return entry


def sources_markdown(dataset: Dataset, frame: pd.DataFrame, label: str = "Sources") -> Md:
    """The quotable source line (:func:`source_line`), then a collapsed box listing every
    source cited by the rows of ``frame``: publisher, title and date first, the consulted
    copy second. Every value is escaped; a link is made only for a web address."""
    from peru_protests.downloads import source_entries

    table = _cited(dataset, frame)
    if table.empty:
        return md("*{}: none (no rows behind this item).*", label)
    order = [e["source_id"] for e in source_entries(dataset, frame)]  # by publisher, then date
    table = table.set_index("source_id").loc[order].reset_index()
    groups = []
    for org, rows in table.groupby("organisation", sort=False):
        entries = Md("\n").join(md("  - {}", _entry(src)) for _, src in rows.iterrows())
        groups.append(md("- **{}** ({})\n{}", org, len(rows), entries))
    n_docs, n_orgs = len(table), table["organisation"].nunique()
    count = md("{} document{} from {} publisher{}", n_docs, "" if n_docs == 1 else "s", n_orgs, "" if n_orgs == 1 else "s")
    return md("{}\n\n```{{admonition}} {} ({})\n:class: dropdown\n\n{}\n```",
              source_line(dataset, frame), label, count, Md("\n").join(groups))


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
             title: str | None = None, dataset: Dataset | None = None) -> str:
    """Write the data behind a figure or table as ``<downloads_dir>/<name>.csv`` (relative
    to the chapter; ISO dates, shares in per cent, see :mod:`peru_protests.downloads`) with
    its metadata sidecar ``<name>.json``, and return the Markdown links that make the book
    ship them."""
    from peru_protests import downloads

    csv_path = f"{downloads_dir}/{name}.csv"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not re.fullmatch(r"[A-Za-z0-9_./-]+", csv_path):
        raise ValueError(f"download {csv_path!r}: use letters, digits, '_' and '-' only")
    columns = list(downloads.for_download(frame, index=index).columns)
    meta = downloads.sidecar(name, title or name.replace("_", " "), "", dataset, frame, "", columns)
    path, side = downloads.write(frame, name, downloads_dir, index=index, meta=meta)
    return Md(f"{{download}}`Download the data behind it (CSV) <{path.as_posix()}>` · "
              f"{{download}}`metadata (JSON) <{side.as_posix()}>`")


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
