"""The sources under each figure and table, in the reader's language: one line a reader
can quote (the main publishers by name, the press counted), then a collapsed list of
every source the rows behind the item cite, grouped by publisher. Every data value is
escaped; a link is made only for a web address. Called without ``lang``, each function
returns the text in every language of the book (an :class:`~peru_protests.i18n.Both`),
which is how a chapter shows it."""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n
from peru_protests.data import Dataset
from peru_protests.i18n import _, n_
from peru_protests.markup import Md, escape, join, link, md
from peru_protests.problems import split_list

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


def _and(lang: str) -> Md:
    return Md(" " + _(lang, "and") + " ")


def source_line(dataset: Dataset, frame: pd.DataFrame, lang: str | None = None):
    """One line a reader can quote under a figure or table, naming the main publishers:
    official, intergovernmental and NGO publishers and news agencies by name (most cited
    first, at most :data:`NAMED_MAX`), the press as press reports compiled by the book
    with the number of outlets, and the rest counted."""
    if lang is None:
        return i18n.both(source_line, dataset, frame)
    table = _cited(dataset, frame)
    if table.empty:
        return md("*{}*", _(lang, "Source: none (no rows behind this item)."))
    parts: list[Md] = []
    if "organisation" in frame.columns:  # tables of published figures name who produced them
        made = frame["organisation"].dropna().value_counts()
        producers = sorted(made.index, key=lambda org: (-made[org], org))
        if len(producers) > 2:
            who = md(n_(lang, "{who} and {n} other", "{who} and {n} others", len(producers) - 2),
                     who=join(producers[:2]), n=len(producers) - 2)
        else:
            who = join(producers, _and(lang))
        parts.append(md(_(lang, "figures of {who}, as published by"), who=who))
    named = _publishers(table[table["kind"].isin(NAMED_KINDS)])
    parts += [escape(org) for org in named[:NAMED_MAX]]
    if len(named) > NAMED_MAX:
        extra = len(named) - NAMED_MAX
        parts.append(md(n_(lang, "{n} other organisation", "{n} other organisations", extra), n=extra))
    press = _publishers(table[table["kind"].isin(PRESS_KINDS)])
    if len(press) == 1:
        parts.append(md(_(lang, "a press report ({outlet})"), outlet=press[0]))
    elif press:
        parts.append(md(n_(lang, "press reports compiled by the book ({n} outlet, most cited: {names})",
                           "press reports compiled by the book ({n} outlets, most cited: {names})", len(press)),
                        n=len(press), names=join(press[:2], _and(lang))))
    other = _publishers(table[~table["kind"].isin(NAMED_KINDS + PRESS_KINDS)])
    if other:
        parts.append(md(n_(lang, "{n} other source (blogs, aggregators, reference data)",
                           "{n} other sources (blogs, aggregators, reference data)", len(other)), n=len(other)))
    label = Md("**" + _(lang, "Source:") + "**")
    if "organisation" in frame.columns:
        return md("{} {} {}.", label, parts[0], join(parts[1:], "; "))
    return md("{} {}.", label, join(parts, "; "))


def _entry(src, lang: str = "en") -> Md:
    """Publisher, title (linked to the original's own address), date; then the consulted
    copy, labelled as such, when the book's authors read a copy."""
    date = md(", {}", src["published"]) if isinstance(src["published"], str) else Md("")
    entry = md("{}, {}{}", src["organisation"], link(src["title"], src["url"]), date)
    if isinstance(src["consulted_url"], str):
        note = md(" ({})", src["consulted_note"]) if isinstance(src["consulted_note"], str) else Md("")
        entry += md(_(lang, ". Consulted copy: {copy}{note}"), copy=link(_(lang, "copy"), src["consulted_url"]),
                    note=note)
    return entry


def sources_markdown(dataset: Dataset, frame: pd.DataFrame, label: str | None = None, lang: str | None = None):
    """The quotable source line (:func:`source_line`), then a collapsed box listing every
    source cited by the rows of ``frame`` by publisher (in alphabetical order, then date):
    publisher, title and date first, the consulted copy second."""
    from peru_protests.downloads import source_entries

    if lang is None:
        return i18n.both(sources_markdown, dataset, frame, label)
    label = label or _(lang, "Sources")
    table = _cited(dataset, frame)
    if table.empty:
        return md("*{}*", md(_(lang, "{label}: none (no rows behind this item)."), label=label))
    order = [e["source_id"] for e in source_entries(dataset, frame)]  # by publisher, then date
    table = table.set_index("source_id").loc[order].reset_index()
    groups = []
    for org, rows in table.groupby("organisation", sort=False):
        entries = Md("\n").join(md("  - {}", _entry(src, lang)) for _, src in rows.iterrows())
        groups.append(md("- **{}** ({})\n{}", org, len(rows), entries))
    n_docs, n_orgs = len(table), table["organisation"].nunique()
    count = md("{} {}", md(n_(lang, "{n} document", "{n} documents", n_docs), n=n_docs),
               md(n_(lang, "from {n} publisher", "from {n} publishers", n_orgs), n=n_orgs))
    return md("{}\n\n```{{admonition}} {} ({})\n:class: dropdown\n\n{}\n```",
              source_line(dataset, frame, lang), label, count, Md("\n").join(groups))
