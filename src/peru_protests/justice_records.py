"""Justice, continued: the special team's caseload, laws and decisions, the three kinds of
case side by side, and the recommendations of international bodies, as of a date."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from peru_protests.justice import KIND_LABELS, RANK, STATUS_ORDER, _day, case_steps, stage_as_of

# --- the special team, caseload, protesters --------------------------------------------------

MEASURE_LABELS = {
    "cases_open": "Investigations open",
    "cases_formalised": "Investigations formalised",
    "cases_archived": "Files archived",
    "victims_in_cases": "Victims (dead and injured) in the files",
    "prosecutors_assigned": "Prosecutors assigned",
    "protesters_detained": "Protesters detained",
    "protesters_prosecuted": "Protesters under criminal investigation",
    "reparations_paid": "People paid the one-off support",
}


SCOPE_LABELS = {"national": "national", "regional": "one region or place", "operation": "one police operation",
                "case": "one case or complaint"}


def caseload_as_of(caseload: pd.DataFrame, as_of, measures: Iterable[str] | None = None,
                   scopes: Iterable[str] = ("national",)) -> pd.DataFrame:
    """Caseload figures dated on or before ``as_of`` (of ``measures``, default every measure
    except ``other``; of ``scopes``, default national figures only, so that a figure for one
    region, operation or case is never shown beside national ones as if alike), in date
    order, with a reader-facing ``label``."""
    day = _day(as_of)
    measures = [m for m in MEASURE_LABELS] if measures is None else list(measures)
    keep = (caseload["date"] <= day) & caseload["measure"].isin(measures)
    if "scope" in caseload:
        keep &= caseload["scope"].isin(list(scopes))
    out = caseload[keep].copy()
    out["label"] = out["measure"].map(MEASURE_LABELS).fillna(out["measure"])
    return out.sort_values(["measure", "date", "observation_id"]).reset_index(drop=True)


def other_figures(caseload: pd.DataFrame, as_of) -> pd.DataFrame:
    """The caseload rows dated on or before ``as_of`` that :func:`caseload_as_of` leaves out
    by default: every row of measure ``other``, and rows of any measure whose scope is not
    national. Each gets what it counts: for ``other``, the text after "Other = " in its note
    up to the first full stop (the data's convention), or the observation id when the note
    does not follow it; for the rest, the measure and its scope."""
    day = _day(as_of)
    narrow = caseload["scope"] != "national" if "scope" in caseload else pd.Series(False, index=caseload.index)
    out = caseload[((caseload["measure"] == "other") | narrow) & (caseload["date"] <= day)].copy()

    def what(row):
        if row["measure"] != "other":
            return f"{MEASURE_LABELS.get(row['measure'], row['measure'])} ({SCOPE_LABELS.get(row['scope'], row['scope'])})"
        note = row["note"] if isinstance(row["note"], str) else ""
        if note.startswith("Other = "):
            text = note[len("Other = "):]
            cut = [i for i in (text.find(". "), text.find(" (")) if i > 0]
            text = text[:min(cut)] if cut else text.rstrip(".")
            return text[0].upper() + text[1:] if text else row["observation_id"]
        return row["observation_id"]

    out["counts"] = [what(r) for _, r in out.iterrows()] if len(out) else pd.Series(dtype=str)
    return out.sort_values(["date", "observation_id"]).reset_index(drop=True)


def team_decisions(laws: pd.DataFrame, as_of, name: str) -> pd.DataFrame:
    """Laws and decisions up to ``as_of`` whose title or effect names ``name`` (the special
    team's acronym, case-insensitive), in date order."""
    day = _day(as_of)
    text = laws["title"].fillna("") + " " + laws["effect"].fillna("")
    hit = text.str.contains(name, case=False, regex=False) if name else pd.Series(False, index=laws.index)
    return laws[hit & (laws["date"] <= day)].sort_values(["date", "law_id"]).reset_index(drop=True)


def laws_as_of(laws: pd.DataFrame, as_of) -> pd.DataFrame:
    """Laws, decrees, court and institutional decisions and bills dated on or before
    ``as_of``, in date order, numbered (the numbers label them on the time axis)."""
    day = _day(as_of)
    out = laws[laws["date"] <= day].sort_values(["date", "law_id"]).reset_index(drop=True)
    out.insert(0, "number", range(1, len(out) + 1))
    return out


def kind_comparison(investigations: pd.DataFrame, milestones: pd.DataFrame, as_of) -> pd.DataFrame:
    """Cases of each kind side by side as of ``as_of``: cases in the data, cases with a dated
    step by then, cases that had reached formalisation or beyond, a judgement, cases
    archived, and the first judgement and first archiving dates."""
    day = _day(as_of)
    states = stage_as_of(investigations, milestones, day)
    rows = []
    for kind, label in KIND_LABELS.items():
        s = states[states["kind"] == kind]
        judged = s[s["rank"] >= RANK["judgement"]]
        first_judgement = None
        if len(judged):
            steps = case_steps(investigations, milestones, day)
            first_judgement = steps.loc[steps["case_id"].isin(judged["case_id"]) & (steps["stage"] == "judgement"),
                                        "date"].min()
        rows.append({"kind": kind, "label": label, "cases": len(s), "dated": int((s["rank"] > 0).sum()),
                     "formalised_or_beyond": int((s["rank"] >= RANK["formalised"]).sum()),
                     "judgement": len(judged), "archived": int((s["status"] == "archived").sum()),
                     "first_judgement": first_judgement if first_judgement is not None else pd.NaT,
                     "first_archived": s["archived_on"].min()})
    out = pd.DataFrame(rows)
    for col in ("first_judgement", "first_archived"):
        out[col] = pd.to_datetime(out[col])
    return out


# --- recommendations -------------------------------------------------------------------------

def recommendations_as_of(recommendations: pd.DataFrame, as_of) -> pd.DataFrame:
    """Recommendations made on or before ``as_of``, with ``status_then``: the recorded status
    when the evidence for it is dated on or before ``as_of``; ``not_yet_assessed`` when the
    evidence is later (the data do not say what the status was on that day); ``unknown``
    when the evidence has no date. Sorted by date and organisation."""
    day = _day(as_of)
    out = recommendations[recommendations["date"] <= day].copy()
    known = out["status_as_of"].notna() & (out["status_as_of"] <= day)
    out["status_then"] = out["status"].where(known, "not_yet_assessed")
    out.loc[out["status_as_of"].isna(), "status_then"] = "unknown"
    return out.sort_values(["date", "organisation", "recommendation_id"]).reset_index(drop=True)


def recommendation_summary(recs: pd.DataFrame) -> pd.DataFrame:
    """Recommendations per organisation (rows, most first) and status (columns in
    :data:`STATUS_ORDER`), from :func:`recommendations_as_of`."""
    if recs.empty:
        return pd.DataFrame(columns=STATUS_ORDER)
    table = pd.crosstab(recs["organisation"], recs["status_then"]).reindex(columns=STATUS_ORDER, fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    table.columns.name = None
    return table
