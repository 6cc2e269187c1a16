"""Timeline analysis: deaths per day and cumulative, the deadliest days, key events.

All functions take the typed tables of :class:`peru_protests.data.Dataset` and return
plain pandas objects; they never read files or draw.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

# The groups the timeline stacks, mapped from the deaths table's categories: the
# Ombudsman's four (police and military together) and deaths after detention.
GROUP_OF_CATEGORY = {
    "civilian_clash": "civilians_clashes",
    "police": "security_forces",
    "military": "security_forces",
    "blockade": "blockade",
    "custody": "custody",
}
GROUPS = ["civilians_clashes", "security_forces", "blockade", "custody"]
GROUP_LABELS = {
    "civilians_clashes": "Civilians killed in clashes with security forces",
    "security_forces": "Police and military",
    "blockade": "Deaths linked to road blockades",
    "custody": "Deaths after detention",
}
DATE_BASES = ("date_of_death", "date_of_injury")


def select_deaths(
    deaths: pd.DataFrame,
    ombudsman_final: Iterable[str] = ("counted",),
    categories: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows whose Ombudsman status is in ``ombudsman_final`` and, if given, whose
    category is in ``categories``."""
    ombudsman_final = list(ombudsman_final)
    keep = deaths["ombudsman_final"].isin(ombudsman_final)
    if categories is not None:
        categories = list(categories)
        unknown = set(categories) - set(GROUP_OF_CATEGORY)
        if unknown:
            raise ValueError(f"unknown death categories {sorted(unknown)}; use {sorted(GROUP_OF_CATEGORY)}")
        keep &= deaths["category"].isin(categories)
    return deaths.loc[keep].copy()


def _check_basis(date_basis: str) -> None:
    if date_basis not in DATE_BASES:
        raise ValueError(f"date_basis must be one of {DATE_BASES}, not {date_basis!r}")


def daily_deaths(
    deaths: pd.DataFrame, start: str, end: str, date_basis: str = "date_of_death"
) -> pd.DataFrame:
    """Deaths per calendar day from ``start`` to ``end`` (inclusive), one column per
    group in :data:`GROUPS`. Days without a recorded death are 0: the table is an
    enumeration, so a missing day means no death was recorded, not missing data.
    Deaths dated outside the window are left out (see :func:`outside_window`)."""
    _check_basis(date_basis)
    days = pd.date_range(start, end, freq="D", name="date")
    groups = deaths["category"].map(GROUP_OF_CATEGORY)
    counts = (
        pd.crosstab(deaths[date_basis], groups)
        .reindex(index=days, columns=GROUPS, fill_value=0)
        .fillna(0)
        .astype(int)
    )
    counts.index.name = "date"
    counts.columns.name = None
    return counts


def cumulative(daily: pd.DataFrame) -> pd.DataFrame:
    """Running totals of a :func:`daily_deaths` table."""
    return daily.cumsum()


def outside_window(deaths: pd.DataFrame, start: str, end: str, date_basis: str = "date_of_death") -> int:
    """How many deaths fall outside the window (and so are not in the daily table)."""
    _check_basis(date_basis)
    dates = deaths[date_basis]
    return int(((dates < pd.Timestamp(start)) | (dates > pd.Timestamp(end))).sum())


def deadliest_days(
    deaths: pd.DataFrame,
    departments: pd.DataFrame,
    date_basis: str = "date_of_injury",
    n: int = 3,
) -> pd.DataFrame:
    """The ``n`` days with most deaths, most first (ties broken by the earlier date),
    with the departments where they happened."""
    _check_basis(date_basis)
    names = departments.set_index("department_code")["name"]
    rows = []
    for day, group in deaths.groupby(date_basis):
        places = sorted(names.get(c, "unknown") for c in group["department_code"].dropna().unique())
        rows.append({"date": day, "deaths": len(group), "departments": ", ".join(places)})
    table = pd.DataFrame(rows, columns=["date", "deaths", "departments"])
    table = table.sort_values(["deaths", "date"], ascending=[False, True]).head(n)
    return table.reset_index(drop=True)


def key_events(events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Events flagged ``key_event=yes`` that start inside the window, numbered in date
    order (the numbers label them on the timeline figure)."""
    inside = (events["date_start"] >= pd.Timestamp(start)) & (events["date_start"] <= pd.Timestamp(end))
    table = events.loc[inside & (events["key_event"] == "yes")].sort_values(["date_start", "event_id"])
    table = table[["event_id", "date_start", "kind", "title", "source_ids"]].reset_index(drop=True)
    table.insert(0, "number", range(1, len(table) + 1))
    return table
