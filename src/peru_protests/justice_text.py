"""Sentences of the justice chapter built from the caseload table (plain text: the
chapter glues them through :func:`peru_protests.markup.glue_md`, which escapes them)."""

from __future__ import annotations

import pandas as pd

from peru_protests.report import listing, when

QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "about": "about "}


def figures_text(series: pd.DataFrame, measure: str) -> str:
    """Every figure reported for ``measure``: 'at least 1,200 on 5 May 2023 according to X
    and ...'; 'no figure by the as-of date' when there is none."""
    rows = series[series["measure"] == measure]
    if rows.empty:
        return "no figure by the as-of date"
    return listing([f"{QUALIFIER_WORDS[r['qualifier']]}{int(r['value']):,} on {when(r['date'])} "
                    f"according to {r['organisation']}" for _, r in rows.iterrows()])


def largest_figure(series: pd.DataFrame, measure: str) -> str | None:
    """The largest figure reported for ``measure`` (the latest of equal ones), with its
    date and reporter; ``None`` when there is none."""
    rows = series[series["measure"] == measure].sort_values(["value", "date"])
    if rows.empty:
        return None
    r = rows.iloc[-1]
    return (f"{QUALIFIER_WORDS[r['qualifier']]}{int(r['value']):,} "
            f"(on {when(r['date'])}, according to {r['organisation']})")
