"""The wait for formalisation when the sources only bound the date.

Some formalisation dates are known exactly; others only as "on or before" a day (a
bulletin that lists the case as formalised, a court order that presupposes it), sometimes
with an earliest possible day (a report that the case was still preliminary). Each death's
wait is therefore an interval: from the earliest to the latest possible formalisation
(interval-censored), or, when its case had not been formalised by the as-of date, longer
than the time elapsed (right-censored).

The estimate is a **bound-based band**: the Kaplan-Meier curve of
:func:`peru_protests.justice.formalisation_curve` computed once with every bounded wait at
its earliest possible end and once at its latest (the waits still running are the same in
both). The truth, as far as these data go, lies between the two curves; a share "within
one year" is reported as the range between them. When every date is exact the two curves
coincide with the ordinary Kaplan-Meier curve.

The bounds of one case's first formalisation, from its milestones of rank formalised or
beyond dated on or before the as-of date:

* *latest*: the earliest ``date`` among them (for ``date_precision`` 'month', the month's
  last day);
* *earliest*: the earliest of their own lower ends: the ``date`` itself for 'day' and
  'approximate', the first of the month for 'month', and for 'on_or_before' the
  ``date_earliest`` where a source gives it; then raised to the latest dated 'opened' or
  'preliminary' step before it and to the case's known opening date (a case cannot be
  formalised before it was opened, nor while a source still calls it preliminary). Where
  nothing bounds it, it is empty, and a death's wait can then be as short as zero days.
"""

from __future__ import annotations

import pandas as pd

from peru_protests import justice
from peru_protests.timeline import check_basis
from peru_protests.validate import split_list


def formalisation_bounds(investigations: pd.DataFrame, milestones: pd.DataFrame, as_of) -> pd.DataFrame:
    """One row per case formalised (or further) by ``as_of``: ``case_id``, ``earliest``
    and ``latest`` possible days of its first formalisation (``earliest`` NaT when nothing
    bounds it from below) and ``exact`` (the two are the same day)."""
    day = pd.Timestamp(as_of).normalize()
    ms = milestones[milestones["date"] <= day].copy()
    precision = ms["date_precision"] if "date_precision" in ms else pd.Series("day", index=ms.index)
    earliest_col = ms["date_earliest"] if "date_earliest" in ms else pd.Series(pd.NaT, index=ms.index)
    ms["lo"] = ms["date"].where(precision != "on_or_before", earliest_col)
    ms["hi"] = ms["date"].where(precision != "month", ms["date"] + pd.offsets.MonthEnd(0))
    rank = ms["stage"].map(justice.RANK).fillna(0)
    opened = investigations.set_index("case_id")["opened"]
    rows = []
    for case, own in ms[rank >= justice.RANK["formalised"]].groupby("case_id"):
        latest = own["hi"].min()
        earliest = own["lo"].min() if own["lo"].notna().all() else pd.NaT
        mine = ms[(ms["case_id"] == case) & ms["stage"].isin(["opened", "preliminary"]) & (ms["date"] <= latest)]
        floors = [d for d in [mine["date"].max() if len(mine) else pd.NaT, opened.get(case, pd.NaT)] if pd.notna(d)]
        if floors:
            floor = min(max(floors), latest)
            earliest = floor if pd.isna(earliest) else max(earliest, floor)
        rows.append({"case_id": case, "earliest": earliest, "latest": latest})
    out = pd.DataFrame(rows, columns=["case_id", "earliest", "latest"])
    for col in ("earliest", "latest"):
        out[col] = pd.to_datetime(out[col])
    out["exact"] = out["earliest"] == out["latest"]
    return out


def wait_intervals(paths: pd.DataFrame, bounds: pd.DataFrame, as_of, date_basis: str = "date_of_death") -> pd.DataFrame:
    """Per death of a :func:`peru_protests.justice.victim_paths` table: the wait from
    ``date_basis`` to the first formalisation of any of its cases as an interval of days,
    ``earliest_days`` to ``latest_days`` (the earliest of its cases' bounds, each end taken
    separately; an unbounded lower end is the day of death, 0 days), ``formalised`` True;
    or, when none of its cases had been formalised by ``as_of``, ``formalised`` False and
    both ends equal to the days elapsed (right-censored). ``exact``: both ends equal for a
    formalised death. Deaths no source dates get no wait."""
    check_basis(date_basis)
    day = pd.Timestamp(as_of).normalize()
    by_case = bounds.set_index("case_id")
    rows = []
    for _, d in paths.iterrows():
        start = d[date_basis]
        mine = by_case.loc[[c for c in split_list(d["cases"]) if c in by_case.index]]
        row = {"death_id": d["death_id"], "start": start, "formalised": bool(len(mine)) and pd.notna(start)}
        if pd.isna(start):
            row.update(earliest_days=pd.NA, latest_days=pd.NA)
        elif len(mine):
            lo = mine["earliest"].fillna(start).min()
            row.update(earliest_days=max((lo - start).days, 0), latest_days=max((mine["latest"].min() - start).days, 0))
        else:
            row.update(earliest_days=(day - start).days, latest_days=(day - start).days)
        rows.append(row)
    out = pd.DataFrame(rows, columns=["death_id", "start", "formalised", "earliest_days", "latest_days"])
    for col in ("earliest_days", "latest_days"):
        out[col] = out[col].astype("Int64")
    out["exact"] = out["formalised"] & (out["earliest_days"] == out["latest_days"])
    return out


def band(waits: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Kaplan-Meier curves with every bounded wait at its earliest and at its latest
    possible end: (earliest curve, latest curve)."""
    early = justice.formalisation_curve(waits.assign(days=waits["earliest_days"]))
    late = justice.formalisation_curve(waits.assign(days=waits["latest_days"]))
    return early, late


def share_within_range(waits: pd.DataFrame, days: int) -> tuple[float, float]:
    """The share formalised within ``days`` days as a range (lowest, highest): under the
    latest possible dates and under the earliest. NaN when no wait is that long."""
    early, late = band(waits)
    return justice.share_formalised_within(late, days), justice.share_formalised_within(early, days)


def median_range(waits: pd.DataFrame) -> tuple[int | None, int | None]:
    """The median wait under the earliest and under the latest possible dates (None where
    that curve never reaches one half)."""
    early, late = band(waits)
    return justice.median_wait(early), justice.median_wait(late)


def bounded_deaths(waits: pd.DataFrame) -> pd.DataFrame:
    """The formalised deaths whose formalisation date is only bounded, widest range first."""
    out = waits[waits["formalised"] & ~waits["exact"]].copy()
    out["width"] = (out["latest_days"] - out["earliest_days"]).astype(int)
    return out.sort_values(["width", "death_id"], ascending=[False, True]).reset_index(drop=True)


def range_text(low: float, high: float, digits: int = 0) -> str:
    """'4%' when the bounds agree at the precision shown, '4% to 24%' otherwise."""
    from peru_protests.report import percent

    a, b = percent(low, digits), percent(high, digits)
    return a if a == b else f"{a} to {b}"


def days_range_text(low: int | None, high: int | None) -> str | None:
    """'529 days' or '461 to 529 days'; None when either is undefined."""
    if low is None or high is None:
        return None
    return f"{low} days" if low == high else f"{low} to {high} days"

