"""Regional disparity: death counts and rates by department, the group of departments
with a majority Indigenous population, the rate ratio between that group and the rest
(with an exact interval), a Poisson regression on Indigenous share, and sensitivity
analyses.

All functions take typed tables from :class:`peru_protests.data.Dataset`; department
codes are INEI codes ('01' to '25').
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import beta

# The two ways of measuring how Indigenous a department is. They are never mixed.
MEASURES = {
    "mother_tongue": "indigenous_mother_tongue_pct",
    "self_identification": "indigenous_self_id_pct",
}
MEASURE_LABELS = {
    "mother_tongue": "Indigenous mother tongue (2017 census)",
    "self_identification": "Indigenous self-identification, population aged 12 and over (2017 census)",
}
PER_POINTS = 10.0  # the regression's rate ratio is reported per this many percentage points of share

POPULATIONS = {
    "census_2017": "population_2017_census",
    "estimate_2022": "population_2022_estimate",
}
POPULATION_LABELS = {
    "census_2017": "population enumerated in the 2017 census",
    "estimate_2022": "INEI population estimate for 2022",
}


def measure_column(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {sorted(MEASURES)}")
    return MEASURES[measure]


def population_column(population: str) -> str:
    if population not in POPULATIONS:
        raise ValueError(f"unknown population {population!r}; use one of {sorted(POPULATIONS)}")
    return POPULATIONS[population]


def deaths_by_department(deaths: pd.DataFrame, departments: pd.DataFrame) -> pd.Series:
    """Deaths per department code, every department listed (0 where none). Deaths
    without a department are left out (count them with :func:`undated_or_unplaced`)."""
    counts = deaths["department_code"].dropna().value_counts()
    return counts.reindex(departments["department_code"], fill_value=0).rename("deaths")


def as_of(deaths: pd.DataFrame, day: str | pd.Timestamp | None) -> pd.DataFrame:
    """Deaths that had happened by ``day`` (inclusive): dated by the date of death, or
    by the date of the lethal injury where the date of death is unknown. ``None``: all
    rows. Rows with neither date are left out when a day is given."""
    if day is None:
        return deaths
    when = deaths["date_of_death"].fillna(deaths["date_of_injury"])
    return deaths.loc[when <= pd.Timestamp(day)]


def in_periods(deaths: pd.DataFrame, periods, date_basis: str = "date_of_injury") -> pd.DataFrame:
    """Deaths whose ``date_basis`` falls inside any of ``periods`` (pairs of start and
    end dates, both inclusive)."""
    keep = pd.Series(False, index=deaths.index)
    for start, end in periods:
        keep |= deaths[date_basis].between(pd.Timestamp(start), pd.Timestamp(end))
    return deaths.loc[keep]


def injured_periods(activity: pd.DataFrame) -> list[list[str]]:
    """The periods the health ministry's injury figures cover, as the data state them:
    one ``[period_start, date]`` pair per report, earliest first. The validator makes sure
    every such figure has its ``period_start`` and that the periods of one department do not
    overlap, so a researcher who adds a report extends the comparison without editing it."""
    rows = activity[activity["measure"] == "injured_attended"].dropna(subset=["period_start", "date"])
    pairs = rows[["period_start", "date"]].drop_duplicates().sort_values(["period_start", "date"])
    return [[start.date().isoformat(), end.date().isoformat()] for start, end in pairs.itertuples(index=False)]


def by_department(deaths: pd.DataFrame, departments: pd.DataFrame, measure: str = "mother_tongue",
                  per: int = 100_000) -> pd.DataFrame:
    """One row per department: its Indigenous share on ``measure``, both populations,
    deaths by group (see :data:`peru_protests.timeline.GROUPS`) and in total, and the
    death rate per ``per`` inhabitants on each population. Highest rate first."""
    from peru_protests.timeline import GROUP_OF_CATEGORY, GROUPS

    table = departments.set_index("department_code")[
        ["name", measure_column(measure), *POPULATIONS.values(), "tile_row", "tile_col"]
    ].rename(columns={measure_column(measure): "indigenous_pct"})
    groups = deaths.dropna(subset=["department_code"]).assign(group=lambda f: f["category"].map(GROUP_OF_CATEGORY))
    counts = pd.crosstab(groups["department_code"], groups["group"]).reindex(
        index=table.index, columns=GROUPS, fill_value=0).fillna(0).astype(int)
    for group in GROUPS:
        table[group] = counts[group]
    table["deaths"] = counts.sum(axis=1)
    for key, col in POPULATIONS.items():
        table[f"rate_{key}"] = table["deaths"] / table[col].astype(float) * per
    order = table.assign(_key=table["name"].map(plain))
    return table.loc[order.sort_values(["rate_census_2017", "_key"], ascending=[False, True]).index]


def plain(name: str) -> str:
    """A name without accents, for alphabetical order ('Áncash' sorts with the A's)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).lower()


def group_codes(departments: pd.DataFrame, measure: str = "mother_tongue", threshold: float = 50.0) -> list[str]:
    """Departments whose share on ``measure`` is above ``threshold`` (per cent). Raises
    when the measure is missing for any department: a group cannot be defined on
    partial data, and the two measures are never mixed."""
    col = measure_column(measure)
    missing = departments.loc[departments[col].isna(), "name"].tolist()
    if missing:
        raise ValueError(f"the data have no {MEASURE_LABELS[measure]} for {len(missing)} department(s) "
                         f"({', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}); "
                         f"the group cannot be defined on this measure")
    return sorted(departments.loc[departments[col] > threshold, "department_code"])


@dataclass(frozen=True)
class Shares:
    group_population: float
    total_population: float
    group_deaths: int
    total_deaths: int

    @property
    def population_share(self) -> float:
        return self.group_population / self.total_population

    @property
    def death_share(self) -> float:
        return self.group_deaths / self.total_deaths if self.total_deaths else math.nan


def shares(deaths: pd.DataFrame, departments: pd.DataFrame, group: list[str],
           population: str = "census_2017") -> Shares:
    """The group's share of the population and of the deaths (deaths with a department)."""
    pop = departments.set_index("department_code")[population_column(population)]
    by_dept = deaths_by_department(deaths, departments)
    return Shares(float(pop[group].sum()), float(pop.sum()), int(by_dept[group].sum()), int(by_dept.sum()))


def rate_ratio(count1: int, exposure1: float, count2: int, exposure2: float,
               alpha: float = 0.05) -> tuple[float, float, float]:
    """Ratio of two Poisson rates with its exact conditional confidence interval.

    Given the total, ``count1`` is binomial with probability
    p = r·e1 / (r·e1 + e2) where r is the rate ratio; the Clopper-Pearson interval for p
    is mapped back to r. Returns (ratio, lower, upper); the upper limit is infinite when
    ``count2`` is 0 and the ratio undefined (nan) when both counts are 0."""
    n = count1 + count2
    if n == 0:
        return math.nan, 0.0, math.inf
    scale = exposure2 / exposure1
    lo_p = beta.ppf(alpha / 2, count1, count2 + 1) if count1 > 0 else 0.0
    hi_p = beta.ppf(1 - alpha / 2, count1 + 1, count2) if count2 > 0 else 1.0
    ratio = (count1 / exposure1) / (count2 / exposure2) if count2 > 0 else math.inf
    lower = lo_p / (1 - lo_p) * scale
    upper = hi_p / (1 - hi_p) * scale if hi_p < 1 else math.inf
    return ratio, lower, upper


def group_rate_ratio(deaths: pd.DataFrame, departments: pd.DataFrame, group: list[str],
                     population: str = "census_2017", alpha: float = 0.05) -> tuple[float, float, float]:
    """Rate ratio of deaths per inhabitant, group against the other departments."""
    return _ratio_of(shares(deaths, departments, group, population), alpha)


def _ratio_of(s: Shares, alpha: float = 0.05) -> tuple[float, float, float]:
    return rate_ratio(s.group_deaths, s.group_population, s.total_deaths - s.group_deaths,
                      s.total_population - s.group_population, alpha)


def compare(deaths: pd.DataFrame, departments: pd.DataFrame, group: list[str],
            population: str = "census_2017") -> dict:
    """The group against the rest for one selection of deaths: population share, deaths in
    the group and in all, death share, and the rate ratio with its exact 95% interval."""
    s = shares(deaths, departments, group, population)
    rr, lo, hi = _ratio_of(s) if group else (math.nan,) * 3
    return {"population_share": s.population_share, "group_deaths": s.group_deaths, "deaths": s.total_deaths,
            "death_share": s.death_share, "rate_ratio": rr, "lower": lo, "upper": hi}


def claim_table(deaths: pd.DataFrame, departments: pd.DataFrame, group: list[str],
                definitions: dict[str, list[str] | None], dates: dict[str, str | None],
                population: str = "census_2017") -> pd.DataFrame:
    """The group's share of the population and of the deaths for every death definition
    (label → list of categories, ``None`` for all) and every as-of date (label → day,
    ``None`` for all rows), with the rate ratio, group against the rest, and its exact
    95% interval. Deaths without a department are counted in ``unplaced`` and left out
    of the shares."""
    rows = []
    for d_label, categories in definitions.items():
        chosen = deaths if categories is None else deaths[deaths["category"].isin(categories)]
        for t_label, day in dates.items():
            subset = as_of(chosen, day)
            rows.append({"definition": d_label, "as_of": t_label, **compare(subset, departments, group, population),
                         "unplaced": int(subset["department_code"].isna().sum())})
    return pd.DataFrame(rows)


def poisson_regression(deaths: pd.DataFrame, departments: pd.DataFrame, measure: str = "mother_tongue",
                       population: str = "census_2017", per_points: float = PER_POINTS,
                       counts: pd.Series | None = None) -> dict:
    """Poisson regression of deaths per department on the Indigenous share, with log
    population as offset. Returns the rate ratio for ``per_points`` more percentage
    points of share, its 95% interval, the p-value, the number of departments, the
    dispersion (Pearson chi-squared / residual df) and the quasi-Poisson interval.
    ``counts`` (by department code) replaces the counts taken from ``deaths``."""
    import statsmodels.api as sm

    col, pop_col = measure_column(measure), population_column(population)
    table = departments.set_index("department_code")[[col, pop_col]].dropna()
    y = (deaths_by_department(deaths, departments) if counts is None else counts).reindex(table.index)
    x = sm.add_constant(table[col].astype(float))
    model = sm.GLM(y.astype(float), x, family=sm.families.Poisson(),
                   offset=np.log(table[pop_col].astype(float))).fit()
    coef = model.params[col]
    lo, hi = model.conf_int().loc[col]
    # Overdispersion: Pearson chi-squared over residual degrees of freedom. Above 1, the
    # Poisson interval is too narrow; the quasi-Poisson interval scales it accordingly.
    dispersion = float(model.pearson_chi2 / model.df_resid) if model.df_resid > 0 else math.nan
    quasi = sm.GLM(y.astype(float), x, family=sm.families.Poisson(),
                   offset=np.log(table[pop_col].astype(float))).fit(scale="X2")
    q_lo, q_hi = quasi.conf_int().loc[col]
    return {"rate_ratio": math.exp(coef * per_points), "lower": math.exp(lo * per_points),
            "upper": math.exp(hi * per_points), "p_value": float(model.pvalues[col]),
            "departments": int(len(table)), "per_points": per_points, "coef": float(coef),
            "intercept": float(model.params["const"]), "dispersion": dispersion,
            "quasi_lower": math.exp(q_lo * per_points), "quasi_upper": math.exp(q_hi * per_points)}


def threshold_sweep(deaths: pd.DataFrame, departments: pd.DataFrame, measure: str = "mother_tongue",
                    population: str = "census_2017", thresholds=None) -> pd.DataFrame:
    """For each threshold, the group above it: size, population share, death share and
    rate ratio with its interval. By default the thresholds are 0, 5, ... 95 per cent."""
    thresholds = list(range(0, 100, 5)) if thresholds is None else list(thresholds)
    rows = []
    for t in thresholds:
        group = group_codes(departments, measure, t)
        row = compare(deaths, departments, group, population)
        rows.append({"threshold": t, "departments": len(group),
                     **{k: row[k] for k in ("population_share", "death_share", "rate_ratio", "lower", "upper")}})
    return pd.DataFrame(rows)


def leave_one_out(deaths: pd.DataFrame, departments: pd.DataFrame, group: list[str],
                  population: str = "census_2017") -> pd.DataFrame:
    """The rate ratio with each department that has deaths left out in turn (from the
    population and the deaths alike)."""
    by_dept = deaths_by_department(deaths, departments)
    names = departments.set_index("department_code")["name"]
    rows = []
    for code in by_dept[by_dept > 0].index:
        keep = departments[departments["department_code"] != code]
        rest = deaths[deaths["department_code"] != code]
        rr, lo, hi = group_rate_ratio(rest, keep, [g for g in group if g != code], population)
        rows.append({"left_out": names[code], "in_group": code in group, "deaths_left_out": int(by_dept[code]),
                     "rate_ratio": rr, "lower": lo, "upper": hi})
    columns = ["left_out", "in_group", "deaths_left_out", "rate_ratio", "lower", "upper"]
    return (pd.DataFrame(rows, columns=columns).sort_values("deaths_left_out", ascending=False, kind="stable")
            .reset_index(drop=True))


def deadliest_event(deaths: pd.DataFrame) -> str | None:
    """The event id with most deaths (ties: the earliest id)."""
    counts = deaths["event_id"].dropna().value_counts()
    if counts.empty:
        return None
    top = counts[counts == counts.max()].index
    return sorted(top)[0]


def exposure(deaths: pd.DataFrame, departments: pd.DataFrame, activity: pd.DataFrame,
             group: list[str]) -> pd.DataFrame:
    """Deaths set against measures of how much protest there was: people injured and
    attended in health facilities (sum of the ``injured_attended`` figures, which cover
    separate periods) and the largest number of road blockades reported on one day, by
    department. Departments with no figure have an empty cell (not zero)."""
    dept = activity.dropna(subset=["department_code"])
    injured = dept[dept["measure"] == "injured_attended"].groupby("department_code")["value"].sum()
    blockades = dept[dept["measure"] == "road_blockades"].groupby("department_code")["value"].max()
    table = departments.set_index("department_code")[["name"]].copy()
    table["in_group"] = table.index.isin(group)
    table["deaths"] = deaths_by_department(deaths, departments)
    table["injured_attended"] = injured.reindex(table.index).astype("Int64")
    table["max_road_blockades"] = blockades.reindex(table.index).astype("Int64")
    table["deaths_per_100_injured"] = table["deaths"] / table["injured_attended"].astype("Float64") * 100
    keep = (table["deaths"] > 0) | table["injured_attended"].notna() | table["max_road_blockades"].notna()
    return table[keep].sort_values(["deaths", "name"], ascending=[False, True])


def exposure_shares(table: pd.DataFrame, departments: pd.DataFrame, population: str = "census_2017") -> dict:
    """The group's share of the population, of the injured people attended and of the
    deaths, over the departments in ``table`` where the injured figure is known (the
    departments the health ministry's reports list), and how many deaths fall in
    departments without a figure (left out of the shares)."""
    both = table[table["injured_attended"].notna()]
    group = both[both["in_group"]]
    pop = departments.set_index("department_code")[population_column(population)].astype(float)
    return {"departments": int(len(both)),
            "population_share": float(pop[group.index].sum() / pop[both.index].sum()) if len(both) else math.nan,
            "injured_share": float(group["injured_attended"].sum() / both["injured_attended"].sum())
            if len(both) else math.nan,
            "death_share": float(group["deaths"].sum() / both["deaths"].sum()) if both["deaths"].sum() else math.nan,
            "deaths": int(both["deaths"].sum()),
            "deaths_without_figure": int(table.loc[table["injured_attended"].isna(), "deaths"].sum())}


def lethality_ratio(table: pd.DataFrame) -> tuple[float, float, float]:
    """Deaths per injured person attended, group against the rest, over the departments
    in ``table`` (from :func:`exposure`) where the injured figure is known, with the exact
    interval of :func:`rate_ratio` (the injured taken as the exposure)."""
    both = table[table["injured_attended"].notna()]
    group, rest = both[both["in_group"]], both[~both["in_group"]]
    return rate_ratio(int(group["deaths"].sum()), float(group["injured_attended"].sum()),
                      int(rest["deaths"].sum()), float(rest["injured_attended"].sum()))


def sensitivity(deaths: pd.DataFrame, departments: pd.DataFrame, group: list[str], baseline_label: str,
                variants: dict[str, tuple[pd.DataFrame, str]], population: str = "census_2017") -> pd.DataFrame:
    """The rate ratio for the baseline and for each variant (label → (deaths, population
    key)), in one table for a forest plot, baseline first."""
    rows = []
    for label, (subset, pop) in {baseline_label: (deaths, population), **variants}.items():
        row = compare(subset, departments, group, pop)
        rows.append({"variant": label, **{k: row[k] for k in ("group_deaths", "deaths", "death_share", "rate_ratio",
                                                                 "lower", "upper")}})
    return pd.DataFrame(rows)


def check_claim(table: pd.DataFrame, population_share_pct: float, death_share_pct: float,
                tolerance_points: float = 2.5) -> pd.DataFrame:
    """Compare each row of :func:`claim_table` with the claimed population and death
    shares: ``population_verdict`` and ``deaths_verdict`` say in words whether the
    recomputed share is about the same as the claimed one (within ``tolerance_points``
    percentage points, inclusive: a figure published as "about 80%" is read as 77.5% to
    82.5% with the default), higher or lower than it (see
    :func:`peru_protests.verdicts.claim_verdict`). ``population_matches`` and
    ``deaths_match`` are true when the share is within the tolerance, and
    ``both_within_tolerance`` when both are; a share outside the tolerance is not a
    refutation of the claim when it is higher than claimed."""
    from peru_protests import verdicts

    out = table.copy()
    pop, dead = out["population_share"] * 100, out["death_share"] * 100
    out["population_matches"] = [verdicts.compare(v, population_share_pct, tolerance_points) == "same" for v in pop]
    out["deaths_match"] = [verdicts.compare(v, death_share_pct, tolerance_points) == "same" for v in dead]
    out["population_verdict"] = [verdicts.claim_verdict(v, population_share_pct, tolerance_points) for v in pop]
    out["deaths_verdict"] = [verdicts.claim_verdict(v, death_share_pct, tolerance_points) for v in dead]
    out["both_within_tolerance"] = out["population_matches"] & out["deaths_match"]
    return out
