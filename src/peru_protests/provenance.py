"""Who documented each death, and what stays unknown about it."""

from __future__ import annotations

import pandas as pd

from peru_protests.data import Dataset
from peru_protests.validate import split_list

KIND_LABELS = {
    "official": "Peruvian state",
    "intergovernmental": "Intergovernmental body",
    "ngo": "Human-rights organisation",
    "national_press": "National or international press",
    "regional_press": "Regional press",
    "agency": "News agency",
    "other": "Other (blogs, activist sites, aggregators, reference data)",
}


def source_kinds(dataset: Dataset, deaths: pd.DataFrame) -> pd.DataFrame:
    """A deaths x source-kinds table of booleans: does at least one source of that kind
    document this death? Columns in :data:`KIND_LABELS` order, only kinds that occur."""
    kind_of = dataset.sources.set_index("source_id")["kind"]
    rows = {}
    for death_id, cell in zip(deaths["death_id"], deaths["source_ids"]):
        kinds = {kind_of[sid] for sid in split_list(cell)}
        rows[death_id] = {k: k in kinds for k in KIND_LABELS}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(KIND_LABELS))
    return table.loc[:, table.any(axis=0)]


def combinations(kinds: pd.DataFrame) -> pd.Series:
    """How many deaths each combination of source kinds documents, most frequent first
    (ties in the order of the first death with that combination). The index holds
    tuples of kinds."""
    combos = [tuple(k for k in kinds.columns if row[k]) for _, row in kinds.iterrows()]
    counts = pd.Series(combos).value_counts(sort=False)
    order = sorted(counts.index, key=lambda c: -counts[c])
    return counts.loc[order]


def sources_per_death(deaths: pd.DataFrame) -> pd.Series:
    """Number of distinct sources cited by each death, indexed by death id."""
    return pd.Series({d: len(set(split_list(c))) for d, c in zip(deaths["death_id"], deaths["source_ids"])})


def unknowns(deaths: pd.DataFrame) -> pd.DataFrame:
    """For each key fact, how many of ``deaths`` lack it."""
    checks = [
        ("Name", "no name or initials published", deaths["name_status"] == "unnamed"),
        ("Age", "age not published", deaths["age"].isna()),
        ("Sex", "not stated by the sources", deaths["sex"] == "unknown"),
        ("Date", "known only as a range, or not at all", deaths["date_precision"] != "day"),
        ("Department", "contested or unknown", deaths["department_code"].isna()),
        ("District", "not published", deaths["district"].isna()),
        ("Cause of death", "not stated by the sources", deaths["cause"] == "unknown"),
        ("Force responsible", "not established by the sources", deaths["force"] == "unknown"),
    ]
    return pd.DataFrame([{"Fact": fact, "Unknown means": meaning, "Deaths": int(mask.sum())}
                         for fact, meaning, mask in checks])


CERTAINTY_LEVELS = {
    "official_list": "In the Ombudsman's final list",
    "unresolved": "Candidate for a place in the Ombudsman's list",
    "corroborated": "Not in the list; reported by two or more organisations",
    "single_source": "Not in the list; reported by one organisation only",
}


def certainty(dataset: Dataset, deaths: pd.DataFrame) -> pd.Series:
    """A certainty level for each death (index: death id), by a stated rule: the
    Ombudsman's list first; otherwise how many distinct organisations publish the
    sources cited for it. The levels are the keys of :data:`CERTAINTY_LEVELS`."""
    org_of = dataset.sources.set_index("source_id")["organisation"]
    levels = {}
    for death_id, status, cell in zip(deaths["death_id"], deaths["ombudsman_final"], deaths["source_ids"]):
        if status == "counted":
            levels[death_id] = "official_list"
        elif status == "unresolved":
            levels[death_id] = "unresolved"
        else:
            orgs = {org_of[sid] for sid in split_list(cell)}
            levels[death_id] = "corroborated" if len(orgs) > 1 else "single_source"
    return pd.Series(levels, name="certainty")
