"""Timeline analysis: deaths per day and cumulative, the deadliest days, key events.

All functions take the typed tables of :class:`peru_protests.data.Dataset` and return
plain pandas objects; they never read files or draw.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from peru_protests.i18n import sort_key
from peru_protests.validate import split_list

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
    departments: Iterable[str] | None = None,
    include: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows whose Ombudsman status is in ``ombudsman_final`` or whose ``death_id`` is in
    ``include`` (the analyst's choice: deaths the Ombudsman did not list, kept in the data
    as ``not_counted``, that this analysis counts all the same) and, if given, whose
    category is in ``categories`` and whose department (INEI code) is in ``departments``.
    The Ombudsman's own count is not changed by ``include``: it stays in
    ``official_counts.csv``."""
    ombudsman_final = list(ombudsman_final)
    include = list(include or [])
    unknown_ids = sorted(set(include) - set(deaths["death_id"]))
    if unknown_ids:
        raise ValueError(f"include_deaths names {unknown_ids}, which are not death_ids in deaths.csv")
    keep = deaths["ombudsman_final"].isin(ombudsman_final) | deaths["death_id"].isin(include)
    if departments is not None:
        departments = [str(d).zfill(2) for d in departments]
        bad = [d for d in departments if not (d.isdigit() and 1 <= int(d) <= 25)]
        if bad:
            raise ValueError(f"unknown department codes {bad}; use INEI codes '01' to '25'")
        keep &= deaths["department_code"].isin(departments)
    if categories is not None:
        categories = list(categories)
        unknown = set(categories) - set(GROUP_OF_CATEGORY)
        if unknown:
            raise ValueError(f"unknown death categories {sorted(unknown)}; use {sorted(GROUP_OF_CATEGORY)}")
        keep &= deaths["category"].isin(categories)
    return deaths.loc[keep].copy()


def check_basis(date_basis: str) -> None:
    if date_basis not in DATE_BASES:
        raise ValueError(f"date_basis must be one of {DATE_BASES}, not {date_basis!r}")


def daily_deaths(
    deaths: pd.DataFrame, start: str, end: str, date_basis: str = "date_of_death"
) -> pd.DataFrame:
    """Deaths per calendar day from ``start`` to ``end`` (inclusive), one column per
    group in :data:`GROUPS`. Days without a recorded death are 0: the table is an
    enumeration, so a missing day means no death was recorded, not missing data.
    Deaths dated outside the window are left out (see :func:`outside_window`)."""
    check_basis(date_basis)
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
    check_basis(date_basis)
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
    check_basis(date_basis)
    names = departments.set_index("department_code")["name"]
    rows = []
    for day, group in deaths.groupby(date_basis):
        places = sorted((names.get(c, "unknown") for c in group["department_code"].dropna().unique()),
                        key=sort_key("en"))
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


# --- waves of protest ----------------------------------------------------------------

def activity_days(
    deaths: pd.DataFrame, activity: pd.DataFrame, start: str, end: str, min_blockades: int = 1
) -> pd.DatetimeIndex:
    """Days inside the window with at least one lethal injury (date of injury) or a
    national road-blockade figure of at least ``min_blockades`` (any counting source)."""
    lethal = deaths["date_of_injury"].dropna()
    national = activity[(activity["measure"] == "road_blockades") & activity["department_code"].isna()]
    blocked = national.loc[national["value"] >= min_blockades, "date"]
    days = pd.DatetimeIndex(sorted(set(lethal) | set(blocked)))
    return days[(days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))]


def find_waves(days: pd.DatetimeIndex, max_quiet_days: int) -> pd.DataFrame:
    """Group active days into waves: a new wave starts when more than
    ``max_quiet_days`` days without activity separate two active days."""
    if max_quiet_days < 0:
        raise ValueError("max_quiet_days must be 0 or more")
    days = pd.DatetimeIndex(sorted(set(days)))
    rows = []
    for day in days:
        if rows and (day - rows[-1]["end"]).days - 1 <= max_quiet_days:
            rows[-1]["end"] = day
            rows[-1]["active_days"] += 1
        else:
            rows.append({"start": day, "end": day, "active_days": 1})
    table = pd.DataFrame(rows, columns=["start", "end", "active_days"])
    table.insert(0, "wave", range(1, len(table) + 1))
    table["days"] = (table["end"] - table["start"]).dt.days + 1
    return table


def wave_summary(waves: pd.DataFrame, deaths: pd.DataFrame, activity: pd.DataFrame,
                 departments: pd.DataFrame) -> pd.DataFrame:
    """Per wave: deaths (by date of injury), the departments where they happened, and the
    highest national road-blockade figure reported on any day of the wave (empty when no
    figure was reported: a gap, not zero)."""
    names = departments.set_index("department_code")["name"]
    national = activity[(activity["measure"] == "road_blockades") & activity["department_code"].isna()]
    out = waves.copy()
    n_deaths, places, peak, reported = [], [], [], []
    for _, w in waves.iterrows():
        inside = deaths[(deaths["date_of_injury"] >= w["start"]) & (deaths["date_of_injury"] <= w["end"])]
        n_deaths.append(len(inside))
        places.append(", ".join(sorted((names.get(c, c) for c in inside["department_code"].dropna().unique()),
                                       key=sort_key("en"))))
        figures = national[(national["date"] >= w["start"]) & (national["date"] <= w["end"])]
        peak.append(int(figures["value"].max()) if len(figures) else pd.NA)
        reported.append(int(figures["date"].nunique()))
    out["deaths"] = n_deaths
    out["departments"] = places
    out["max_road_blockades"] = pd.array(peak, dtype="Int64")
    out["days_with_blockade_figures"] = reported
    return out


# --- states of emergency ---------------------------------------------------------------

def emergency_periods(events: pd.DataFrame, departments: pd.DataFrame) -> pd.DataFrame:
    """One row per department and state of emergency or curfew (events of kind
    ``state_of_emergency``). An event without departments is national: it covers every
    department. An event without an end date is taken to cover its first day only, since
    the data do not say when it ended."""
    rows = []
    all_codes = list(departments["department_code"])
    for _, ev in events[events["kind"] == "state_of_emergency"].iterrows():
        codes = split_list(ev["department_codes"]) or all_codes
        end = ev["date_end"] if pd.notna(ev["date_end"]) else ev["date_start"]
        for code in codes:
            rows.append({"event_id": ev["event_id"], "department_code": code, "start": ev["date_start"],
                         "end": end, "open_ended": pd.isna(ev["date_end"]), "title": ev["title"]})
    return pd.DataFrame(rows, columns=["event_id", "department_code", "start", "end", "open_ended", "title"])


def in_emergency(deaths: pd.DataFrame, periods: pd.DataFrame) -> pd.Series:
    """For each death (by death id): was its department under a state of emergency or
    curfew on the day of the lethal injury? Missing (``pd.NA``) when the date or the
    department is unknown."""
    result = {}
    for _, d in deaths.iterrows():
        if pd.isna(d["date_of_injury"]) or pd.isna(d["department_code"]):
            result[d["death_id"]] = pd.NA
            continue
        p = periods[periods["department_code"] == d["department_code"]]
        result[d["death_id"]] = bool(((p["start"] <= d["date_of_injury"]) & (p["end"] >= d["date_of_injury"])).any())
    return pd.Series(result, dtype="boolean", name="in_emergency")


def inside_only_on_announcement_day(deaths: pd.DataFrame, periods: pd.DataFrame) -> pd.Series:
    """For each death (by death id): is it counted as under an emergency only because of an
    emergency with no known end, on its first day (the only day such an emergency is counted
    for)? Such an emergency may have been announced after the death on the same day, so the
    chapter says how many deaths this rule puts inside."""
    result = {}
    for _, d in deaths.iterrows():
        day, code = d["date_of_injury"], d["department_code"]
        if pd.isna(day) or pd.isna(code):
            result[d["death_id"]] = False
            continue
        p = periods[(periods["department_code"] == code) & (periods["start"] <= day) & (periods["end"] >= day)]
        result[d["death_id"]] = bool(len(p)) and bool((p["open_ended"] & (p["start"] == day)).all())
    return pd.Series(result, dtype=bool, name="announcement_day_only")


# --- lethal events ---------------------------------------------------------------------

FORCE_LABELS = {"police": "Police", "army": "Army", "police_and_army": "Police and army",
                "none": "None", "unknown": "Unknown", "not_applicable": "Not applicable"}


def lethal_events(events: pd.DataFrame, deaths: pd.DataFrame, departments: pd.DataFrame) -> pd.DataFrame:
    """The lethal events with the deaths the deaths table attributes to them (of the rows
    given), how many of those people died after the event's last day (``died_later``: the
    event's date is that of the lethal violence, not of every death), and the force(s) the
    sources hold responsible, in date order."""
    names = departments.set_index("department_code")["name"]
    rows = []
    for _, ev in events[events["kind"] == "lethal_repression"].sort_values(["date_start", "event_id"]).iterrows():
        inside = deaths[deaths["event_id"] == ev["event_id"]]
        if inside.empty:
            continue
        forces = sorted(set(inside["force"]) - {"not_applicable", "none"})
        codes = split_list(ev["department_codes"])
        last_day = ev["date_end"] if pd.notna(ev["date_end"]) else ev["date_start"]
        later = int((inside["date_of_death"] > last_day).sum())
        rows.append({"event_id": ev["event_id"], "date": ev["date_start"], "place": ev["place"],
                     "department": ", ".join(names.get(c, c) for c in codes), "deaths": len(inside),
                     "died_later": later,
                     "force": "; ".join(FORCE_LABELS[f] for f in forces) or "Not applicable",
                     "source_ids": ev["source_ids"]})
    return pd.DataFrame(rows, columns=["event_id", "date", "place", "department", "deaths", "died_later", "force",
                                       "source_ids"])


def deaths_by_department_week(deaths: pd.DataFrame, departments: pd.DataFrame, start: str, end: str,
                              date_basis: str = "date_of_injury") -> pd.DataFrame:
    """Deaths per department (rows, most deaths first) and ISO week starting Monday
    (columns, every week of the window)."""
    check_basis(date_basis)
    names = departments.set_index("department_code")["name"]
    weeks = pd.date_range(pd.Timestamp(start) - pd.Timedelta(days=pd.Timestamp(start).weekday()), end,
                          freq="W-MON")
    dated = deaths.dropna(subset=[date_basis])
    dated = dated[(dated[date_basis] >= pd.Timestamp(start)) & (dated[date_basis] <= pd.Timestamp(end))]
    week = dated[date_basis] - pd.to_timedelta(dated[date_basis].dt.weekday, unit="D")
    dept = dated["department_code"].map(names).fillna("Unknown department")
    table = pd.crosstab(dept, week).reindex(columns=weeks, fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    table.index.name = "department"
    table.columns.name = "week"
    return table


# --- how the official count grew --------------------------------------------------------

def first_reports(deaths: pd.DataFrame, sources: pd.DataFrame, until=None) -> pd.DataFrame:
    """Per person, the first public report that includes them: among the sources the data
    cite for that person, the earliest one published on a known day on or after the date
    of death (and not after ``until``, e.g. the date of the final count, when given), and
    the wait in days. A person with no such source has no first report and no wait; ties
    go to the first source id in alphabetical order. This is an upper bound on the real
    wait: an earlier report may exist that the data do not cite.

    Columns: death_id, date_of_death, first_report, first_source, lag_days (in date-of-death
    order)."""
    published = sources.set_index("source_id")["published"]
    day = published[published.str.fullmatch(r"\d{4}-\d{2}-\d{2}", na=False)].map(pd.Timestamp)
    limit = pd.Timestamp(until) if until is not None else None
    rows = []
    for _, d in deaths.dropna(subset=["date_of_death"]).sort_values(["date_of_death", "death_id"]).iterrows():
        dates = sorted((day[s], s) for s in split_list(d["source_ids"]) if s in day.index
                       and day[s] >= d["date_of_death"] and (limit is None or day[s] <= limit))
        first, source = dates[0] if dates else (pd.NaT, pd.NA)
        rows.append({"death_id": d["death_id"], "date_of_death": d["date_of_death"], "first_report": first,
                     "first_source": source,
                     "lag_days": (first - d["date_of_death"]).days if pd.notna(first) else pd.NA})
    table = pd.DataFrame(rows, columns=["death_id", "date_of_death", "first_report", "first_source", "lag_days"])
    table["lag_days"] = table["lag_days"].astype("Int64")
    return table


def revisions(counts: pd.DataFrame, organisation: str) -> pd.DataFrame:
    """Reports of ``organisation`` whose total is lower than the report before."""
    reports = counts[counts["organisation"] == organisation].sort_values(["as_of", "count_id"])
    previous = reports["total"].shift()
    down = reports[reports["total"] < previous].copy()
    down.insert(down.columns.get_loc("total"), "previous_total", previous[down.index].astype(int))
    return down[["count_id", "as_of", "previous_total", "total", "notes", "source_ids"]]
