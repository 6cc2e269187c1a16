"""Titles, captions and alt texts of the figures of the regional and justice chapters
(see :mod:`peru_protests.figure_text` for the others). Alt texts state the finding with
its numbers, computed from the data plotted."""

from __future__ import annotations

import math

import pandas as pd

from peru_protests import i18n
from peru_protests.i18n import _, n_, p_
from peru_protests.markup import Md, md

TITLES = {
    "regional-map": "Death rate by region",
    "regional-scatter": "Indigenous share and death rate, by region",
    "regional-threshold": "The rate ratio as the threshold that defines the group moves",
    "regional-sensitivity": "The rate ratio under other choices",
    "regional-exposure": "The Indigenous-majority group's share of population, injured and deaths",
    "justice-funnel": "How far the case of each death had gone",
    "justice-cases": "Every dated step of every case",
    "justice-wait": "The wait for a formal investigation",
    "justice-suspects": "Suspects under investigation over time",
    "justice-caseload": "National figures on the investigations and on protesters",
    "justice-recommendations": "Recommendations to the Peruvian state by status",
}

CAPTIONS = {
    "regional-map": "Deaths per 100,000 inhabitants by region (deaths in brackets), for the deaths of the main "
                    "analysis. Each square is a region, placed on a grid that keeps neighbours roughly together "
                    "(the grid is the book's layout, stored in the regions table); thick outline: the "
                    "Indigenous-majority group.",
    "regional-scatter": "Indigenous share and death rate by region. Point area: 2017 population; orange: the "
                        "Indigenous-majority group; dotted line: the threshold.",
    "regional-threshold": "The group defined by each threshold: its shares of deaths and of population (top) and "
                          "the rate ratio with two 95% intervals (bottom, log scale): thin bars, exact Poisson, as "
                          "if every death were independent; wide pale bands, cluster bootstrap over lethal events, "
                          "the one the book leads with. Thresholds at which the group or the rest is empty, or the "
                          "rest has no deaths, have no ratio; an interval without an upper limit runs to the top "
                          "edge. Dotted: the threshold used in this chapter.",
    "regional-sensitivity": "The rate ratio, group against the rest, when one choice changes at a time (first "
                            "row: the main analysis). Thin bars: exact Poisson 95% intervals (every death "
                            "independent); wide pale bands: cluster-bootstrap 95% intervals (lethal events "
                            "resampled). A bar reaching the right edge has no upper limit.",
    "regional-exposure": "The Indigenous-majority group's share of the population, of the people injured and "
                         "attended in health facilities, and of the deaths in the periods the injury reports "
                         "cover.",
    "justice-funnel": "How far the case of each death had gone by the as-of date. A death counts at every stage "
                      "its most advanced case had reached; a judgement may be a conviction or an acquittal (the "
                      "data's stages do not say which).",
    "justice-cases": "Every dated step of every case up to the as-of date (top) and the laws and decisions that "
                     "bear on accountability (bottom; numbers refer to the table of laws). Thick orange band: the "
                     "case has been formalised and is still open; a lane ends when its case is archived or judged. "
                     "Case titles are shortened; the table of cases gives them in full.",
    "justice-wait": "Share of the deaths whose case had been formalised, by days since the death (Kaplan-Meier "
                    "estimate). Solid: every formalisation that the sources only bound placed at its latest "
                    "possible date; dashed: at its earliest; shaded: the range between them. Ticks: deaths still "
                    "waiting at the as-of date (censored), with their number where there are several. Under the "
                    "axis: deaths still waiting at each full year (at the latest dates).",
    "justice-suspects": "Suspects under investigation over time. Top: security-force suspects in the "
                        "investigations of the killings (the latest figure each case reported, added up over "
                        "cases; dashed: commanders among them). Bottom: ministers, prime ministers and the "
                        "president under investigation in each case against them; a cross marks the archiving of "
                        "a case.",
    "justice-caseload": "National figures reported on the investigations and on protesters, one panel per "
                        "measure, as reported (filled: exact; hollow: a lower bound, ≥; grey: approximate, ~). "
                        "Figures from different counters are not joined; figures for one region, operation or case "
                        "are in the table of other figures.",
    "justice-recommendations": "Recommendations to the Peruvian state by organisation and status at the as-of "
                               "date.",
}


def title(key: str, lang: str = "en") -> str:
    return _(lang, TITLES[key])


def caption(key: str, lang: str = "en") -> Md:
    return md("{}", _(lang, CAPTIONS[key]))


def _n(lang, value, digits=None) -> str:
    return i18n.number(lang, value, digits)


def _deaths(lang: str, n: int) -> str:
    return n_(lang, "{n} death", "{n} deaths", n).format(n=i18n.number(lang, n))


# --- regional ---------------------------------------------------------------------------

def map_alt(table: pd.DataFrame, rate: str, lang: str = "en") -> str:
    """The three highest death rates and how many regions had no death."""
    ranked = table[table["deaths"] > 0].sort_values([rate, "name"], ascending=[False, True])
    if ranked.empty:
        return _(lang, "No region has a death in this selection.")
    top = [_(lang, "{name} ({rate} per 100,000; {deaths})").format(name=r["name"], rate=_n(lang, r[rate], 2),
                                                                   deaths=_deaths(lang, int(r["deaths"])))
           for _i, r in ranked.head(3).iterrows()]
    return _(lang, "Highest death rates: {top}. Regions without a death: {zero} of {n}.").format(
        top=i18n.listing(lang, top), zero=_n(lang, int((table["deaths"] == 0).sum())), n=_n(lang, len(table)))


def scatter_alt(table: pd.DataFrame, rate: str, group: list[str], lang: str = "en") -> str:
    """How many of the five highest-rate regions are in the group."""
    ranked = table[table[rate] > 0].sort_values([rate, "name"], ascending=[False, True]).head(5)
    if ranked.empty:
        return _(lang, "No region has a death in this selection.")
    in_group = int(ranked.index.isin(group).sum())
    return _(lang, "Of the {k} regions with the highest death rates, {g} are in the Indigenous-majority group "
                   "({n} regions in all).").format(k=_n(lang, len(ranked)), g=_n(lang, in_group),
                                                   n=_n(lang, int(table.index.isin(group).sum())))


def threshold_alt(sweep: pd.DataFrame, threshold: float, lang: str = "en") -> str:
    """The shares and the rate ratio at the threshold used."""
    row = sweep[sweep["threshold"] == threshold]
    if row.empty or not math.isfinite(float(row["rate_ratio"].iloc[0])):
        return _(lang, "No rate ratio at the threshold used.")
    r = row.iloc[0]
    return _(lang, "At the threshold used ({t}%), the group has {d} of the deaths and {p} of the population; rate "
                   "ratio {rr} (exact 95% interval {lo} to {hi}).").format(
        t=_n(lang, threshold), d=i18n.percent(lang, r["death_share"]), p=i18n.percent(lang, r["population_share"]),
        rr=_n(lang, r["rate_ratio"], 1), lo=_n(lang, r["lower"], 1),
        hi=_n(lang, r["upper"], 1) if math.isfinite(r["upper"]) else _(lang, "no upper limit"))


def sensitivity_alt(forest: pd.DataFrame, lang: str = "en") -> str:
    """The main ratio, the range over the variants, and how many intervals lie above 1."""
    finite = forest[forest["rate_ratio"].map(lambda v: math.isfinite(v) and v > 0)]
    if finite.empty:
        return _(lang, "No finite rate ratio.")
    main = forest.iloc[0]
    return _(lang, "Rate ratio of the main analysis: {rr}. Over {n} variants it ranges from {lo} to {hi}; the exact "
                   "interval lies above 1 in {k} of them.").format(
        rr=_n(lang, main["rate_ratio"], 1), n=_n(lang, len(forest)), lo=_n(lang, finite["rate_ratio"].min(), 1),
        hi=_n(lang, finite["rate_ratio"].max(), 1), k=_n(lang, int((forest["lower"] > 1).sum())))


def exposure_alt(bars: pd.DataFrame, lang: str = "en") -> str:
    parts = [f"{p_(lang, 'figure', q)}: {i18n.percent(lang, s)}" for q, s in zip(bars["quantity"], bars["share"])]
    return _(lang, "The group's share of each quantity: {parts}.").format(parts="; ".join(parts))


# --- justice ----------------------------------------------------------------------------

def funnel_alt(fun: pd.DataFrame, lang: str = "en") -> str:
    count = dict(zip(fun["step"], fun["deaths"]))
    return _(lang, "Of {n}, {in_case} in a case with a dated step, {formalised} formalised, {accusation} at "
                   "accusation, {trial} at trial and {judgement} with a judgement.").format(
        n=_deaths(lang, int(count.get("deaths", 0))),
        **{k: _n(lang, int(count.get(k, 0))) for k in ("in_case", "formalised", "accusation", "trial", "judgement")})


def cases_alt(states: pd.DataFrame, stage_labels: dict[str, str], lang: str = "en") -> str:
    drawn = states[states["rank"] > 0]
    counts = drawn["stage"].value_counts()
    parts = [f"{p_(lang, 'figure', stage_labels.get(s, s))}: {_n(lang, int(n))}" for s, n in counts.items()]
    return n_(lang, "{n} case with a dated step", "{n} cases with a dated step", len(drawn)).format(
        n=_n(lang, len(drawn))) + (_(lang, "; stage reached: ") + "; ".join(parts) if parts else "") + "."


def wait_alt(late: pd.DataFrame, medians: tuple, lang: str = "en") -> str:
    lo, hi = medians
    share = float(late["share_formalised"].iloc[-1]) if len(late) else 0.0
    head = _(lang, "By the as-of date the case of {share} of the deaths had been formalised.").format(
        share=i18n.percent(lang, share))
    if lo is None or hi is None:
        return head + " " + _(lang, "Fewer than half had been formalised: the median wait is not reached.")
    span = _n(lang, lo) if lo == hi else _(lang, "{lo} to {hi}").format(lo=_n(lang, lo), hi=_n(lang, hi))
    return head + " " + _(lang, "Median wait: {span} days.").format(span=span)


def suspects_alt(kill_series: pd.DataFrame, lang: str = "en") -> str:
    numeric = kill_series.select_dtypes("number")
    if numeric.empty:
        return _(lang, "No suspects reported in the investigations of the killings.")
    total = numeric.drop(columns=[c for c in numeric.columns if "command" in str(c)], errors="ignore").sum(axis=1)
    return _(lang, "Security-force suspects in the investigations of the killings: at most {n} at one time.").format(
        n=_n(lang, int(total.max())))


def caseload_alt(series: pd.DataFrame, lang: str = "en") -> str:
    return n_(lang, "{n} figure reported", "{n} figures reported", len(series)).format(n=_n(lang, len(series))) + \
        " " + n_(lang, "on {k} measure.", "on {k} measures.", series["measure"].nunique()).format(
            k=_n(lang, series["measure"].nunique()))


def recommendations_alt(summary: pd.DataFrame, lang: str = "en") -> str:
    total = int(summary.to_numpy().sum())
    return n_(lang, "{n} recommendation", "{n} recommendations", total).format(n=_n(lang, total)) + " " + \
        n_(lang, "from {k} organisation.", "from {k} organisations.", len(summary)).format(k=_n(lang, len(summary)))
