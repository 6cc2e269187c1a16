"""The timeline chapter's tables, with their headers and captions in either language
(the sentences are in :mod:`peru_protests.timeline_text`)."""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n, report
from peru_protests.i18n import _, p_
from peru_protests.markup import Md
from peru_protests.timeline import GROUP_OF_CATEGORY, GROUPS
from peru_protests.timeline_text import group_label


def key_events_table(key: pd.DataFrame, lang: str) -> Md:
    table = key.assign(date=key["date_start"])[["number", "date", "title"]]
    table.columns = [_(lang, "No."), _(lang, "Date"), _(lang, "Event")]
    return report.markdown_table(table, _(lang, "Key events marked on the timeline"), "tbl-timeline-key-events", lang)


def lethal_events_table(lethal: pd.DataFrame, lang: str) -> Md:
    table = lethal[["date", "place", "department", "deaths", "died_later", "force"]]
    table.columns = [_(lang, "Date of the event"), _(lang, "Place"), _(lang, "Department"), _(lang, "Deaths"),
                     _(lang, "Of whom died on a later day"), _(lang, "Force held responsible")]
    return report.markdown_table(table, _(lang, "Lethal events"), "tbl-timeline-lethal-events", lang)


def waves_table(waves_frame: pd.DataFrame, lang: str) -> Md:
    table = waves_frame[["wave", "start", "end", "days", "deaths", "departments", "max_road_blockades",
                         "days_with_blockade_figures"]].copy()
    table["departments"] = [i18n.listing(lang, i18n.sorted_text(lang, str(d).split(", "))) if d else ""
                            for d in table["departments"]]
    table.columns = [_(lang, "Wave"), _(lang, "From"), _(lang, "To"), _(lang, "Days"), _(lang, "Deaths"),
                     _(lang, "Departments with deaths"), _(lang, "Most blockades reported on a day"),
                     _(lang, "Days with a blockade figure")]
    return report.markdown_table(table, _(lang, "Waves of protest"), "tbl-timeline-waves", lang)


def emergency_table(deaths: pd.DataFrame, inside: pd.Series, lang: str) -> Md:
    """Deaths by group (rows) and whether they happened under an emergency (columns)."""
    flags = inside.reindex(deaths["death_id"]).to_numpy()
    where = pd.Series([_(lang, "Unknown") if pd.isna(f) else _(lang, "Under an emergency") if f
                       else _(lang, "Outside one") for f in flags], index=deaths.index)
    groups = deaths["category"].map(GROUP_OF_CATEGORY)
    table = pd.crosstab(groups, where)
    order = [g for g in GROUPS if g in table.index]
    table = table.reindex(order)
    columns = [c for c in (_(lang, "Under an emergency"), _(lang, "Outside one"), _(lang, "Unknown"))
               if c in table.columns]
    table = table[columns].reset_index()
    table.iloc[:, 0] = [group_label(g, lang) for g in table.iloc[:, 0]]
    table.columns = [_(lang, "Group")] + columns
    return report.markdown_table(table, _(lang, "Deaths under a state of emergency or curfew"),
                                 "tbl-timeline-emergency", lang)


def emergency_counts(deaths: pd.DataFrame, inside: pd.Series) -> pd.DataFrame:
    """The data behind :func:`emergency_table` for the download (the same file for every
    edition): deaths by group and whether they happened under an emergency."""
    return pd.DataFrame({"group": deaths["category"].map(GROUP_OF_CATEGORY).to_numpy(),
                         "under_emergency": inside.reindex(deaths["death_id"]).to_numpy()}).assign(
        under_emergency=lambda f: f["under_emergency"].map({True: "yes", False: "no"}).fillna("unknown")
    ).groupby(["group", "under_emergency"]).size().rename("deaths").reset_index()


def events_table(lanes: pd.DataFrame, lane_labels: dict, lang: str) -> Md:
    table = lanes.assign(kind=[p_(lang, "event kind", lane_labels[k]) for k in lanes["kind"]])[
        ["number", "date_start", "kind", "title"]]
    table.columns = [_(lang, "No."), _(lang, "Date"), _(lang, "Kind"), _(lang, "Event")]
    return report.markdown_table(table, _(lang, "Events of the period"), "tbl-timeline-events", lang)


def revisions_table(down: pd.DataFrame, lang: str) -> Md:
    table = down[["as_of", "previous_total", "total", "notes"]]
    table.columns = [_(lang, "As of"), _(lang, "Previous total"), _(lang, "New total"), _(lang, "Notes")]
    return report.markdown_table(table, _(lang, "Downward revisions of the official count"),
                                 "tbl-timeline-revisions", lang)
