"""Why the published totals differ: each organisation's count rebuilt from the deaths
table with a stated inclusion rule, set beside the number it published.

A rule selects rows of the deaths table: by their status in the Ombudsman's final
list, by category, by a cut-off date of death, plus (only where a tally is known to
add cases the Ombudsman does not count) named extra rows. The published figures come
from ``official_counts.csv``; nothing here is typed in by hand except the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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
    table, their difference, the derived total without unresolved rows, and the rule in
    words. Rules whose published figure is not
    in ``counts`` are skipped (a different data directory may not have them)."""
    published = counts.set_index("count_id")
    rows = []
    for rule in rules:
        if rule.count_id not in published.index:
            continue
        pub = published.loc[rule.count_id]
        derived = len(select(deaths, rule))
        without = len(select(deaths, replace(rule, statuses=tuple(s for s in rule.statuses if s != "unresolved"))))
        rows.append({
            "count_id": rule.count_id,
            "organisation": pub["organisation"],
            "as_of": pub["as_of"],
            "published": int(pub["total"]),
            "derived": derived,
            "difference": int(pub["total"]) - derived,
            "derived_without_unresolved": without,
            "rule": rule.describe(),
            "explanation": rule.explanation,
            "source_ids": pub["source_ids"],
        })
    return pd.DataFrame(rows, columns=["count_id", "organisation", "as_of", "published", "derived",
                                       "difference", "derived_without_unresolved", "rule", "explanation",
                                       "source_ids"])


CIVILIANS = ("civilian_clash",)

# The inclusion rules behind the published totals. Each names the figure it explains
# (official_counts.csv) and says in words what it assumes.
RULES: list[Rule] = [
    Rule("defensoria-final",
         explanation="The Ombudsman's final list. For one of its blockade-related deaths the sources do not "
                     "say who it was; the only candidate found is included and marked unresolved."),
    Rule("defensoria-2023-03-06", through="2023-03-06",
         explanation="Informe Defensorial 190: the final list up to the report's cut-off date, so without "
                     "the death in March of a man injured in January."),
    Rule("defensoria-2023-02-16", through="2023-02-16",
         explanation="The Ombudsman's figures as cited by Amnesty International."),
    Rule("iachr-2023-01-23", through="2023-01-23",
         explanation="The IACHR report ends at its cut-off date and relies on the Ombudsman's data. Two "
                     "totals were reported for it; the rule gives one with the unresolved candidate and the "
                     "other without her (see the last column). Which deaths the IACHR listed is not known."),
    Rule("cnddhh-2023-02-11", statuses=("counted",), categories=CIVILIANS, through="2023-02-11",
         explanation="The human-rights coordinator counts civilians killed by the security forces."),
    Rule("hrw-2023-04-26", statuses=("counted",), categories=CIVILIANS,
         explanation="Human Rights Watch counts protesters and bystanders killed, using the Ombudsman's figures."),
    Rule("hrw-2024-01", statuses=("counted",), categories=CIVILIANS,
         explanation="Human Rights Watch later gave a higher total without naming the additional person. "
                     "Fedepaz counts Manuel Quilla Ticona, who died after detention; whether Human "
                     "Rights Watch did is not stated, so the rule leaves him out and the difference stays open."),
    Rule("blog-2023-03-29", statuses=("counted",),
         extra=("D064", "D065", "D066", "D068", "D056", "D071", "D072"),
         explanation="The blog's per-place lists: it adds the young men shot near Puerto Morín and a further "
                     "death in Chao, and its blockade list has the Ombudsman's identified deaths plus the Virú "
                     "newborn, the Morococha driver and the Pucará death."),
    Rule("efe-2023-03-22",
         extra=("D057", "D058", "D059", "D060", "D082", "D083", "D084", "D085", "D081", "D071"),
         explanation="A reconstruction, not confirmed by EFE: the Ombudsman's list plus the Haitian migrants "
                     "reported by UNHCR, the unborn baby reported by UNICEF, the woman in La Libertad "
                     "confirmed by the police only, and one blockade death beyond the Ombudsman's (taken to be "
                     "the Morococha driver)."),
]
