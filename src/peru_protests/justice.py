"""Justice: what became of the investigations, as of a date.

All functions take the typed tables of :class:`peru_protests.data.Dataset` (or frames with
the same columns) and an ``as_of`` date, and return plain pandas objects; they never read
files or draw. Nothing dated after ``as_of`` is used, so moving the date replays what was
known, in the data, on that day.

The rules
---------
*Stages.* A case moves up one procedural ladder, :data:`STAGES`:
``opened < preliminary < formalised < accusation < trial < judgement``. The furthest stage a
case reached by ``as_of`` is the highest rung among its milestones dated on or before that
day (a case that reached a stage is counted at that stage even if it was archived later).
The other milestone kinds are not rungs:

* ``transferred`` (to another office or jurisdiction) changes who handles the case, not its
  stage; it is counted, and it proves that the case existed on that day;
* ``other`` (a dated step such as a court order or suspects being identified) likewise
  proves that the case existed and may report suspects, but does not move the stage;
* ``archived`` closes the case: from its latest ``archived`` milestone on, the case's status
  is *archived*, unless a later rung or a later transfer shows it running again.

A case with a dated step (its ``opened`` date in the investigations table, or any milestone)
on or before ``as_of`` *exists* then; if none of its steps is a rung it is at ``opened``.
A case whose known opening date is after ``as_of`` is *not yet opened*. A case that no date
places on or before ``as_of`` while its opening date is unknown has *no dated step*: the
data cannot say whether it existed then (this is what an undated opening costs).

*Victims.* A death belongs to the cases whose ``death_ids`` list it (by default only
investigations of the killings). Its stage is the most advanced stage of those cases; a death
listed in no case is kept, with the stage :data:`NO_CASE`.

*Waiting.* The wait for formalisation runs from the date of death (or of injury) to the first
formalisation of any case covering the death. A death whose case was not formalised by
``as_of`` (including a death in no case at all) is still waiting: it is right-censored at
``as_of``. The share formalised over elapsed days is the Kaplan-Meier estimate.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from peru_protests.timeline import check_basis
from peru_protests.validate import split_list

STAGES = ["opened", "preliminary", "formalised", "accusation", "trial", "judgement"]
RANK = {stage: i + 1 for i, stage in enumerate(STAGES)}
STAGE_LABELS = {
    "opened": "Opened",
    "preliminary": "Preliminary investigation",
    "formalised": "Formalised (preparatory investigation)",
    "accusation": "Accusation",
    "trial": "Trial",
    "judgement": "Judgement",
    "archived": "Archived",
    "transferred": "Transferred",
    "other": "Other step",
}
NOT_YET_OPENED = "not yet opened"
NO_DATED_STEP = "no dated step"
NO_CASE = "no case found"
KIND_LABELS = {
    "killing_investigation": "Investigations of the killings and injuries",
    "officials_investigation": "Cases against the president and ministers",
    "protester_prosecution": "Cases against protesters",
}
FUNNEL_STEPS = [
    ("deaths", "Deaths"),
    ("in_case", "In a dated case"),
    ("formalised", "Formalised"),
    ("accusation", "Accusation filed"),
    ("trial", "Trial opened"),
    ("judgement", "Judgement"),
]
STATUS_LABELS = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met", "unknown": "Unknown",
                 "not_yet_assessed": "Not assessed by then"}
STATUS_ORDER = ["met", "partly_met", "not_met", "unknown", "not_yet_assessed"]
KILLINGS = ("killing_investigation",)


# --- dates -------------------------------------------------------------------------------

def latest_date(investigations: pd.DataFrame, milestones: pd.DataFrame, laws: pd.DataFrame | None = None,
                recommendations: pd.DataFrame | None = None, caseload: pd.DataFrame | None = None
                ) -> pd.Timestamp | None:
    """The latest date in the justice tables: opening dates, milestones, laws, the dates of
    recommendations and of the evidence on them, and caseload figures (the chapter's
    default as-of date). None when every table is empty."""
    dates = [investigations["opened"], milestones["date"]]
    if laws is not None:
        dates.append(laws["date"])
    if recommendations is not None:
        dates += [recommendations["date"], recommendations["status_as_of"]]
    if caseload is not None:
        dates.append(caseload["date"])
    found = pd.concat([d.dropna() for d in dates]) if dates else pd.Series(dtype="datetime64[ns]")
    return None if found.empty else pd.Timestamp(found.max())


def _day(as_of) -> pd.Timestamp:
    if as_of is None:
        raise ValueError("as_of is required (see latest_date for the default)")
    return pd.Timestamp(as_of).normalize()


# --- cases ---------------------------------------------------------------------------------

def case_steps(investigations: pd.DataFrame, milestones: pd.DataFrame, as_of) -> pd.DataFrame:
    """Every dated step of every case on or before ``as_of``, in date order: the milestones,
    plus the opening date of the investigations table as an ``opened`` step where no
    ``opened`` milestone gives it (``milestone_id`` empty, cited by the case's sources)."""
    day = _day(as_of)
    cols = ["case_id", "kind", "title", "milestone_id", "date", "stage", "suspects_total", "suspects_police",
            "suspects_military", "suspects_officials", "description", "source_ids"]
    steps = milestones[milestones["date"] <= day].merge(investigations[["case_id", "kind", "title"]], on="case_id")
    has_opened = set(milestones.loc[milestones["stage"] == "opened", "case_id"])
    extra = investigations[investigations["opened"].notna() & (investigations["opened"] <= day)
                           & ~investigations["case_id"].isin(has_opened)]
    synthetic = pd.DataFrame({
        "case_id": extra["case_id"], "kind": extra["kind"], "title": extra["title"], "milestone_id": pd.NA,
        "date": extra["opened"], "stage": "opened",
        "description": "Opening date as given in the investigations table.", "source_ids": extra["source_ids"]})
    frames = [f for f in (steps, synthetic) if len(f)]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    for col in ("suspects_total", "suspects_police", "suspects_military", "suspects_officials"):
        out[col] = out[col].astype("Int64") if col in out else pd.array([pd.NA] * len(out), dtype="Int64")
    out["date"] = pd.to_datetime(out["date"])
    return out[cols].sort_values(["date", "case_id", "stage"], kind="stable").reset_index(drop=True)


def stage_as_of(investigations: pd.DataFrame, milestones: pd.DataFrame, as_of) -> pd.DataFrame:
    """One row per case: the furthest stage it reached by ``as_of`` and its status then.

    Columns: ``case_id``, ``kind``, ``title``, ``opened`` (known opening date), ``first_step``
    and ``last_step`` (dates of its first and latest dated steps by ``as_of``), ``stage`` (the
    furthest rung of :data:`STAGES` reached; :data:`NOT_YET_OPENED` when its known opening date
    is later; :data:`NO_DATED_STEP` when nothing dates it by then and its opening date is
    unknown), ``rank`` (1-6 along :data:`STAGES`, 0 otherwise), ``status`` (``open``,
    ``archived``, or the stage when the case did not exist yet), ``archived_on``,
    ``formalised_on`` (first formalisation), ``transfers`` (count) and ``steps`` (count).
    The rules are in the module docstring."""
    day = _day(as_of)
    steps = case_steps(investigations, milestones, day)
    rows = []
    for _, case in investigations.iterrows():
        own = steps[steps["case_id"] == case["case_id"]]
        rungs = own[own["stage"].isin(STAGES)]
        row = {"case_id": case["case_id"], "kind": case["kind"], "title": case["title"], "opened": case["opened"],
               "first_step": own["date"].min() if len(own) else pd.NaT,
               "last_step": own["date"].max() if len(own) else pd.NaT,
               "archived_on": pd.NaT, "formalised_on": pd.NaT,
               "transfers": int((own["stage"] == "transferred").sum()), "steps": len(own)}
        if own.empty:
            later = pd.notna(case["opened"]) and case["opened"] > day
            row.update(stage=NOT_YET_OPENED if later else NO_DATED_STEP, rank=0)
            row["status"] = row["stage"]
        else:
            rank = int(rungs["stage"].map(RANK).max()) if len(rungs) else RANK["opened"]
            row.update(stage=STAGES[rank - 1], rank=rank)
            formal = own.loc[own["stage"].map(RANK).fillna(0) >= RANK["formalised"], "date"]
            row["formalised_on"] = formal.min() if len(formal) else pd.NaT
            if _archived_by(own, day):
                row["status"], row["archived_on"] = "archived", own.loc[own["stage"] == "archived", "date"].max()
            else:
                row["status"] = "open"
        rows.append(row)
    cols = ["case_id", "kind", "title", "opened", "first_step", "last_step", "stage", "rank", "status",
            "archived_on", "formalised_on", "transfers", "steps"]
    out = pd.DataFrame(rows, columns=cols)
    for col in ("opened", "first_step", "last_step", "archived_on", "formalised_on"):
        out[col] = pd.to_datetime(out[col])
    return out


def stage_counts(states: pd.DataFrame) -> pd.DataFrame:
    """Cases per kind (rows) and stage reached (columns, in ladder order, then the cases
    that did not exist yet or have no dated step), with the archived ones in a last column."""
    order = [*STAGES, NOT_YET_OPENED, NO_DATED_STEP]
    table = pd.crosstab(states["kind"], states["stage"]).reindex(columns=order, fill_value=0)
    table = table.loc[:, (table.sum() > 0) | table.columns.isin(["opened", "formalised"])]
    table["archived"] = states.groupby("kind")["status"].apply(lambda s: int((s == "archived").sum()))
    table["cases"] = states.groupby("kind").size()
    table = table.reindex([k for k in KIND_LABELS if k in table.index])
    table.columns.name = None
    return table


def case_gaps(investigations: pd.DataFrame, milestones: pd.DataFrame, kinds: Iterable[str] = KILLINGS) -> dict:
    """What the data do not say about the cases of ``kinds``: how many have no known opening
    date (no ``opened`` date and no ``opened`` milestone), how many have no dated step at all,
    and how many do not list the deaths they cover (empty ``death_ids``, although
    ``victims_covered`` is not 0)."""
    cases = investigations[investigations["kind"].isin(list(kinds))]
    opened_ms = set(milestones.loc[milestones["stage"] == "opened", "case_id"])
    dated = set(milestones["case_id"])
    no_open = cases["opened"].isna() & ~cases["case_id"].isin(opened_ms)
    no_step = cases["opened"].isna() & ~cases["case_id"].isin(dated)
    unlisted = cases["death_ids"].isna() & (cases["victims_covered"].fillna(-1) != 0)
    return {"cases": len(cases), "no_opening_date": int(no_open.sum()), "no_dated_step": int(no_step.sum()),
            "deaths_not_listed": int(unlisted.sum()),
            "no_opening_date_ids": list(cases.loc[no_open, "case_id"]),
            "no_dated_step_ids": list(cases.loc[no_step, "case_id"])}


# --- victims -------------------------------------------------------------------------------

def victim_paths(deaths: pd.DataFrame, investigations: pd.DataFrame, milestones: pd.DataFrame, as_of,
                 kinds: Iterable[str] = KILLINGS, date_basis: str = "date_of_death") -> pd.DataFrame:
    """One row per death in ``deaths`` that had happened by ``as_of`` (on ``date_basis``;
    deaths no source dates are kept, as they fall in the period the table covers), with the
    case(s) of ``kinds`` that list it and the most advanced stage of those cases then.

    ``stage`` is the furthest rung reached by any of its cases; else :data:`NOT_YET_OPENED`
    if one of its cases has a known later opening date; else :data:`NO_DATED_STEP` if it is
    in a case that nothing dates by then; else :data:`NO_CASE` (listed in no case). ``rank``
    follows :data:`STAGES` (0: none). ``status`` is ``archived`` when every case of the death
    that existed then was archived, ``open`` when at least one was still open. Also:
    ``formalised_on`` (first formalisation of any of its cases) and ``cases`` (';'-list)."""
    check_basis(date_basis)
    day = _day(as_of)
    states = stage_as_of(investigations, milestones, day).set_index("case_id")
    chosen = investigations[investigations["kind"].isin(list(kinds))]
    cases_of: dict[str, list[str]] = {}
    for _, case in chosen.iterrows():
        for death_id in split_list(case["death_ids"]):
            cases_of.setdefault(death_id, []).append(case["case_id"])
    happened = deaths[deaths[date_basis].isna() | (deaths[date_basis] <= day)]
    rows = []
    for _, d in happened.iterrows():
        ids = cases_of.get(d["death_id"], [])
        mine = states.loc[ids] if ids else states.iloc[0:0]
        existing = mine[mine["rank"] > 0]
        if len(existing):
            rank = int(existing["rank"].max())
            stage = STAGES[rank - 1]
            status = "archived" if (existing["status"] == "archived").all() else "open"
        else:
            rank = 0
            stage = (NOT_YET_OPENED if (mine["stage"] == NOT_YET_OPENED).any()
                     else NO_DATED_STEP if len(mine) else NO_CASE)
            status = stage
        rows.append({"death_id": d["death_id"], "name_published": d["name_published"], "category": d["category"],
                     "department_code": d["department_code"], "date_of_injury": d["date_of_injury"],
                     "date_of_death": d["date_of_death"], "cases": ";".join(ids), "stage": stage, "rank": rank,
                     "status": status, "formalised_on": existing["formalised_on"].min() if len(existing) else pd.NaT,
                     "source_ids": d["source_ids"]})
    cols = ["death_id", "name_published", "category", "department_code", "date_of_injury", "date_of_death",
            "cases", "stage", "rank", "status", "formalised_on", "source_ids"]
    out = pd.DataFrame(rows, columns=cols)
    for col in ("date_of_injury", "date_of_death", "formalised_on"):
        out[col] = pd.to_datetime(out[col])
    out["rank"] = out["rank"].astype(int)
    return out


def funnel(paths: pd.DataFrame) -> pd.DataFrame:
    """Deaths at each step of :data:`FUNNEL_STEPS` from a :func:`victim_paths` table: all the
    deaths, those in a dated case, and those whose case had reached formalisation,
    accusation, trial and judgement (a judgement may be a conviction or an acquittal: the
    stage does not say which). A death counts at every step its most advanced case had
    reached by the as-of date, archived later or not. ``share`` is of all the deaths (NaN
    when there are none)."""
    thresholds = {"deaths": -1, "in_case": RANK["opened"], "formalised": RANK["formalised"],
                  "accusation": RANK["accusation"], "trial": RANK["trial"], "judgement": RANK["judgement"]}
    total = len(paths)
    rows = []
    for key, label in FUNNEL_STEPS:
        n = int((paths["rank"] >= thresholds[key]).sum())
        rows.append({"step": key, "label": label, "deaths": n, "share": n / total if total else np.nan})
    return pd.DataFrame(rows, columns=["step", "label", "deaths", "share"])


# --- waiting for formalisation ---------------------------------------------------------------

def time_to_formalisation(paths: pd.DataFrame, as_of, date_basis: str = "date_of_death") -> pd.DataFrame:
    """Per death of a :func:`victim_paths` table: days from ``date_basis`` to the first
    formalisation of its case(s) (``formalised`` True), or, when no case of it had been
    formalised by ``as_of``, days to ``as_of`` (``formalised`` False: right-censored, still
    waiting). Deaths no source dates get no wait (``days`` empty) and are left out of the
    curve."""
    check_basis(date_basis)
    day = _day(as_of)
    start = paths[date_basis]
    done = paths["formalised_on"].notna() & (paths["formalised_on"] <= day)
    end = paths["formalised_on"].where(done, day)
    days = (end - start).dt.days
    out = paths[["death_id", "name_published", "cases", "stage"]].copy()
    out["start"] = start
    out["formalised_on"] = paths["formalised_on"].where(done)
    out["days"] = days.astype("Int64")
    out["formalised"] = done & start.notna()
    return out


def formalisation_curve(waits: pd.DataFrame) -> pd.DataFrame:
    """Kaplan-Meier estimate of the share of deaths whose case has been formalised, by days
    elapsed since the death, from a table with ``days`` (int) and ``formalised`` (bool: True
    for a formalisation, False for a wait still running, i.e. censored). Rows with no
    ``days`` are ignored.

    One row per distinct time (starting at day 0): ``at_risk`` (waits of at least that many
    days), ``formalised`` and ``censored`` at that time, ``waiting`` (the estimated share still
    waiting, S(t) = product of (1 - formalised / at_risk) over times up to t) and
    ``share_formalised`` = 1 - S(t). A wait censored at the same day as a formalisation
    counts as at risk on that day."""
    data = waits.dropna(subset=["days"])
    days = data["days"].astype(int).to_numpy()
    events = data["formalised"].astype(bool).to_numpy()
    times = sorted(set(days.tolist()) | {0})
    rows, surv = [], 1.0
    for t in times:
        at_risk = int((days >= t).sum())
        d = int(((days == t) & events).sum())
        c = int(((days == t) & ~events).sum())
        if at_risk:
            surv *= 1 - d / at_risk
        rows.append({"days": t, "at_risk": at_risk, "formalised": d, "censored": c, "waiting": surv,
                     "share_formalised": 1 - surv})
    return pd.DataFrame(rows, columns=["days", "at_risk", "formalised", "censored", "waiting", "share_formalised"])


def median_wait(curve: pd.DataFrame) -> int | None:
    """The median wait: the first day at which the estimated share still waiting falls to
    one half or below. None when the curve never gets there (fewer than half formalised,
    even allowing for the waits still running)."""
    below = curve[(curve["waiting"] <= 0.5 + 1e-12) & (curve["formalised"] > 0)]
    return None if below.empty else int(below["days"].iloc[0])


def share_formalised_within(curve: pd.DataFrame, days: int) -> float:
    """The estimated share formalised within ``days`` days (NaN when no wait is that long:
    the curve does not reach that far)."""
    if curve.empty or days > curve["days"].max():
        return float("nan")
    return float(curve.loc[curve["days"] <= days, "share_formalised"].iloc[-1])


# --- archives (used by the stage rules and by justice_suspects) ------------------------

def _since_archive(steps: pd.DataFrame, t: pd.Timestamp) -> pd.DataFrame:
    """The steps up to day ``t`` that still count for suspects: those after the latest
    archiving (an archive clears the suspects reported up to and on its day; a case revived
    later counts only the suspects reported after that)."""
    upto = steps[steps["date"] <= t]
    archived = upto.loc[upto["stage"] == "archived", "date"]
    return upto[upto["date"] > archived.max()] if len(archived) else upto


def _archived_by(steps: pd.DataFrame, t: pd.Timestamp) -> bool:
    """Is the case whose steps are given archived on day ``t`` (rule of :func:`stage_as_of`)?"""
    upto = steps[steps["date"] <= t]
    archived = upto.loc[upto["stage"] == "archived", "date"]
    revived = upto.loc[upto["stage"].isin(STAGES + ["transferred"]), "date"]
    return bool(len(archived)) and (revived.empty or revived.max() <= archived.max())


# The suspects, caseload, laws and recommendations live in their own modules (this one
# would grow past what a reader can hold); they are re-exported here so that
# ``justice.suspects_over_time`` and the like keep working.
from peru_protests.justice_records import (  # noqa: E402,F401
    MEASURE_LABELS, SCOPE_LABELS, caseload_as_of, kind_comparison, laws_as_of, other_figures,
    recommendation_summary, recommendations_as_of, team_decisions)
from peru_protests.justice_suspects import (  # noqa: E402,F401
    officials_steps, suspects_by_case, suspects_outcome, suspects_over_time)
