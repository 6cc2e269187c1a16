"""Why the published totals differ: each organisation's count rebuilt from the deaths
table with a stated inclusion rule, set beside the number it published.

A rule selects rows of the deaths table: by their status in the Ombudsman's final
list, by category, by a cut-off date of death, plus (only where a tally is known to
add cases the Ombudsman does not count) named extra rows. The published figures come
from ``official_counts.csv``; nothing here is typed in by hand except the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

ALL_CATEGORIES = ("civilian_clash", "police", "military", "blockade")


@dataclass(frozen=True)
class Rule:
    """Which deaths a tally includes."""

    count_id: str  # the published figure in official_counts.csv
    statuses: tuple[str, ...] = ("counted", "unresolved")  # ombudsman_final values included
    categories: tuple[str, ...] = ALL_CATEGORIES
    through: str | None = None  # include deaths up to this date of death (inclusive)
    extra: tuple[str, ...] = ()  # death ids added outside the Ombudsman's list
    exclude: tuple[str, ...] = ()  # death ids removed
    explanation: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        parts = []
        status_text = {("counted",): "deaths the Ombudsman counts",
                       ("counted", "unresolved"): "deaths the Ombudsman counts, with the unresolved candidate"}
        parts.append(status_text.get(self.statuses, "deaths with status " + " or ".join(self.statuses)))
        if tuple(self.categories) != ALL_CATEGORIES:
            parts.append("of category " + " or ".join(c.replace("_", " ") for c in self.categories))
        if self.through:
            parts.append(f"who died by {self.through}")
        text = ", ".join(parts)
        if self.extra:
            text += f"; plus {len(self.extra)} death(s) outside the Ombudsman's list ({', '.join(self.extra)})"
        if self.exclude:
            text += f"; minus {', '.join(self.exclude)}"
        return text


def select(deaths: pd.DataFrame, rule: Rule) -> pd.DataFrame:
    """The rows of the deaths table that ``rule`` includes."""
    keep = deaths["ombudsman_final"].isin(rule.statuses) & deaths["category"].isin(rule.categories)
    if rule.through:
        keep &= deaths["date_of_death"] <= pd.Timestamp(rule.through)
    keep |= deaths["death_id"].isin(rule.extra)
    keep &= ~deaths["death_id"].isin(rule.exclude)
    unknown = set(rule.extra) | set(rule.exclude)
    unknown -= set(deaths["death_id"])
    if unknown:
        raise ValueError(f"rule for {rule.count_id} names death ids not in the table: {sorted(unknown)}")
    return deaths.loc[keep]


def reconcile(deaths: pd.DataFrame, counts: pd.DataFrame, rules: list[Rule]) -> pd.DataFrame:
    """One row per rule: the published total, the total the rule derives from the deaths
    table, their difference and the rule in words. Rules whose published figure is not
    in ``counts`` are skipped (a different data directory may not have them)."""
    published = counts.set_index("count_id")
    rows = []
    for rule in rules:
        if rule.count_id not in published.index:
            continue
        pub = published.loc[rule.count_id]
        derived = len(select(deaths, rule))
        rows.append({
            "count_id": rule.count_id,
            "organisation": pub["organisation"],
            "as_of": pub["as_of"],
            "published": int(pub["total"]),
            "derived": derived,
            "difference": int(pub["total"]) - derived,
            "rule": rule.describe(),
            "explanation": rule.explanation,
            "source_ids": pub["source_ids"],
        })
    return pd.DataFrame(rows, columns=["count_id", "organisation", "as_of", "published", "derived",
                                       "difference", "rule", "explanation", "source_ids"])
