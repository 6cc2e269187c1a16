"""Justice, continued: the suspects under investigation and what became of them, as of a
date (rules in :mod:`peru_protests.justice`: an archive stops a case counting and clears
the suspects reported up to it)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from peru_protests.justice import KIND_LABELS, KILLINGS, _archived_by, _day, _since_archive, case_steps, stage_as_of

def _kind_steps(investigations, milestones, day, kinds) -> pd.DataFrame:
    chosen = investigations[investigations["kind"].isin(list(kinds))]
    return case_steps(chosen, milestones[milestones["case_id"].isin(chosen["case_id"])], day)


def suspects_by_case(investigations: pd.DataFrame, milestones: pd.DataFrame, as_of,
                     kinds: Iterable[str] = KILLINGS, column: str = "suspects_total") -> pd.DataFrame:
    """Suspects under investigation in each case of ``kinds`` that ever reports ``column``
    (columns), on each date of a step of those cases up to ``as_of`` (rows): the figure of
    the case's latest milestone that reports it, carried forward, and 0 while the case is
    archived (rule of :func:`stage_as_of`); an archive clears the suspects reported up to
    it, so a case revived by a later transfer counts only suspects reported after that.
    Before its first report a case counts 0."""
    day = _day(as_of)
    steps = _kind_steps(investigations, milestones, day, kinds)
    cases = list(steps.loc[steps[column].notna(), "case_id"].unique())
    mine = steps[steps["case_id"].isin(cases)]
    index = pd.DatetimeIndex(sorted(set(mine["date"])), name="date")
    table = pd.DataFrame(0, index=index, columns=cases, dtype=int)
    for case in cases:
        own = mine[mine["case_id"] == case]
        for t in index:
            value = _since_archive(own, t)[column].dropna()
            table.loc[t, case] = 0 if _archived_by(own, t) or value.empty else int(value.iloc[-1])
    return table


def suspects_over_time(investigations: pd.DataFrame, milestones: pd.DataFrame, as_of,
                       kinds: Iterable[str] = KILLINGS) -> pd.DataFrame:
    """Suspects under investigation across the cases of ``kinds``, on each date of a step of
    a case reporting suspects, up to ``as_of``.

    For each case the latest milestone reporting ``suspects_total`` counts, with its police
    and military figures (the part whose force it does not give is ``force_not_reported``);
    ``officials`` (commanders, ministers, the president) is carried forward on its own from
    the latest milestone reporting it. A case stops counting while it is archived, and an
    archive clears the suspects reported up to it (see :func:`suspects_by_case`). The sums
    add up suspect-case pairs, not people: a commander investigated in three cases counts
    three times. ``cases_reporting``: cases counted (with at least one suspect) that day."""
    day = _day(as_of)
    cols = ["total", "police", "military", "force_not_reported", "officials", "cases_reporting"]
    steps = _kind_steps(investigations, milestones, day, kinds)
    reporting = steps[steps["suspects_total"].notna() | steps["suspects_officials"].notna()]
    mine = steps[steps["case_id"].isin(reporting["case_id"])]
    index = pd.DatetimeIndex(sorted(set(mine["date"])), name="date")
    rows = []
    for t in index:
        row = dict.fromkeys(cols, 0)
        for case, own in mine.groupby("case_id"):
            if _archived_by(own, t):
                continue
            upto = _since_archive(own, t)
            with_total = upto[upto["suspects_total"].notna()]
            if len(with_total):
                last = with_total.iloc[-1]
                total = int(last["suspects_total"])
                police = int(last["suspects_police"]) if pd.notna(last["suspects_police"]) else 0
                military = int(last["suspects_military"]) if pd.notna(last["suspects_military"]) else 0
                row["total"] += total
                row["police"] += police
                row["military"] += military
                row["force_not_reported"] += max(total - police - military, 0)
                row["cases_reporting"] += int(total > 0)
            officials = upto["suspects_officials"].dropna()
            if len(officials):
                row["officials"] += int(officials.iloc[-1])
        rows.append(row)
    return pd.DataFrame(rows, index=index, columns=cols, dtype=int)


def suspects_outcome(investigations: pd.DataFrame, milestones: pd.DataFrame, as_of,
                     kinds: Iterable[str] = ("killing_investigation", "officials_investigation")) -> pd.DataFrame:
    """What became of the suspects, case by case (cases of ``kinds`` that reported any):
    the latest suspects figure by ``as_of`` (total, police, military, officials), the stage
    reached and the status then. Sorted by kind, then by most suspects."""
    day = _day(as_of)
    states = stage_as_of(investigations, milestones, day).set_index("case_id")
    steps = case_steps(investigations, milestones, day)
    steps = steps[steps["kind"].isin(list(kinds))]
    rows = []
    for case, own in steps.groupby("case_id", sort=False):
        with_total = own[own["suspects_total"].notna()]
        officials = own["suspects_officials"].dropna()
        if with_total.empty and officials.empty:
            continue
        last = with_total.iloc[-1] if len(with_total) else None
        st = states.loc[case]
        rows.append({"case_id": case, "kind": st["kind"], "title": st["title"],
                     "reported_on": last["date"] if last is not None else pd.NaT,
                     "suspects": last["suspects_total"] if last is not None else pd.NA,
                     "police": last["suspects_police"] if last is not None else pd.NA,
                     "military": last["suspects_military"] if last is not None else pd.NA,
                     "officials": officials.iloc[-1] if len(officials) else pd.NA,
                     "stage": st["stage"], "status": st["status"], "archived_on": st["archived_on"]})
    cols = ["case_id", "kind", "title", "reported_on", "suspects", "police", "military", "officials", "stage",
            "status", "archived_on"]
    out = pd.DataFrame(rows, columns=cols)
    for col in ("suspects", "police", "military", "officials"):
        out[col] = out[col].astype("Int64")
    if len(out):
        out["_k"] = out["kind"].map({k: i for i, k in enumerate(KIND_LABELS)})
        out = out.sort_values(["_k", "suspects"], ascending=[True, False], na_position="last").drop(columns="_k")
    return out.reset_index(drop=True)


def officials_steps(investigations: pd.DataFrame, milestones: pd.DataFrame, as_of) -> pd.DataFrame:
    """The cases against the president and ministers (kind ``officials_investigation``) step
    by step up to ``as_of``, in date order, numbered."""
    steps = case_steps(investigations, milestones, as_of)
    steps = steps[steps["kind"] == "officials_investigation"].reset_index(drop=True)
    steps.insert(0, "number", range(1, len(steps) + 1))
    return steps
