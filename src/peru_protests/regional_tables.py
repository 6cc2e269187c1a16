"""The regional chapter's reader tables, in the reader's language ``lang``: headers and
captions translated, numbers in the locale's format, regions in the reader's
alphabetical order where the order is not set by a number. Each ``*_md`` function returns
the numbered MyST table (trusted markup)."""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n, report, verdicts
from peru_protests.i18n import _, p_
from peru_protests.markup import Md
from peru_protests.regional_prose import _g, definition_labels

def claim_table(claim_rows: pd.DataFrame, claimed_deaths_pct: float, tolerance_points: float, headings: dict,
                lang: str = "en") -> pd.DataFrame:
    """The claim recomputed, one row per definition and date, with reader headers."""
    labels = definition_labels(lang)

    def pct(v, digits=1):
        return i18n.percent(lang, v, digits) if pd.notna(v) else _(lang, "undefined")

    return pd.DataFrame({
        _(lang, "Deaths counted"): [labels.get(d, d) for d in claim_rows["definition"]],
        p_(lang, "table header", "As of"): [headings.get(a, a) for a in claim_rows["as_of"]],
        _(lang, "Group's share of population"): [pct(v) for v in claim_rows["population_share"]],
        _(lang, "Deaths in the group"): [_(lang, "{g} of {n}").format(g=g, n=n)
                                         for g, n in zip(claim_rows["group_deaths"], claim_rows["deaths"])],
        _(lang, "Group's share of deaths"): [pct(v) for v in claim_rows["death_share"]],
        _(lang, "95% interval of the share (cluster bootstrap)"): [
            _(lang, "{lower} to {upper}").format(lower=pct(lo, 0), upper=pct(hi, 0))
            for lo, hi in zip(claim_rows["share_lower"], claim_rows["share_upper"])],
        _(lang, "Share of deaths against the claimed {c}%").format(c=_g(claimed_deaths_pct, lang)): [
            verdicts.claim_verdict(v * 100, claimed_deaths_pct, tolerance_points, lang=lang)
            for v in claim_rows["death_share"]],
        _(lang, "Rate ratio, group / rest (exact Poisson interval, deaths independent)"): [
            verdicts.ratio_with(r, lo, hi, _(lang, "exact Poisson"), lang=lang)
            for r, lo, hi in zip(claim_rows["rate_ratio"], claim_rows["lower"], claim_rows["upper"])],
        _(lang, "Rate ratio: 95% interval, cluster bootstrap"): [
            verdicts.interval(lo, hi, lang=lang) for lo, hi in zip(claim_rows["boot_lower"], claim_rows["boot_upper"])],
    })


def exposure_table(exposure: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Deaths and injured by region in the periods of the injury reports, with reader
    headers: most deaths first, ties in the reader's alphabetical order."""
    shown = exposure.assign(_k=exposure["name"].map(i18n.sort_key(lang))).sort_values("_k", kind="stable")
    shown = shown.sort_values("deaths", ascending=False, kind="stable")
    return pd.DataFrame({
        p_(lang, "table header", "Region"): shown["name"],
        _(lang, "In the group"): shown["in_group"].map({True: p_(lang, "table cell", "yes"), False: ""}),
        _(lang, "Deaths (same periods)"): shown["deaths"],
        _(lang, "Injured attended"): shown["injured_attended"],
        _(lang, "Most road blockades reported on a day (any date)"): shown["max_road_blockades"],
        _(lang, "Deaths per 100 injured attended"): shown["deaths_per_100_injured"].map(
            lambda v: "" if pd.isna(v) else i18n.number(lang, v, 1))})



def claim_md(claim_rows: pd.DataFrame, claimed_deaths_pct: float, tolerance_points: float, headings: dict,
             lang: str = "en") -> Md:
    return report.markdown_table(claim_table(claim_rows, claimed_deaths_pct, tolerance_points, headings, lang),
                                 _(lang, "The claim recomputed: the group's share of population and of deaths, "
                                         "compared with the claim (about the same within the stated tolerance, "
                                         "otherwise higher or lower)"), "tbl-regional-claim")


def exposure_md(exposure: pd.DataFrame, lang: str = "en") -> Md:
    return report.markdown_table(exposure_table(exposure, lang),
                                 _(lang, "Deaths and people injured and attended, by region, in the periods of the "
                                         "health ministry's reports"), "tbl-regional-exposure")


def intervals_md(main: dict, lethal: dict, lang: str = "en") -> Md:
    from peru_protests import regional_text

    rows = regional_text.interval_rows({_(lang, "Deaths per inhabitant, group / rest (main analysis)"): main,
                                        _(lang, "Deaths per injured person attended, group / rest"): lethal}, lang)
    return report.markdown_table(rows, _(lang, "The two headline ratios with every interval: cluster bootstrap over "
                                               "lethal events (the one the book leads with), exact Poisson (every "
                                               "death independent), negative binomial and quasi-Poisson (extra "
                                               "variation between regions), the ratio counted in lethal events (exact "
                                               "Poisson on events), and the range with one lethal event left out"),
                                 "tbl-regional-intervals")


GROUP_SHORT = ("civilians_clashes", "security_forces", "blockade", "custody")


def _group_header(group: str, lang: str) -> str:
    labels = {"civilians_clashes": p_(lang, "table header", "Civilians in clashes"),
              "security_forces": p_(lang, "table header", "Police, military"),
              "blockade": p_(lang, "table header", "Blockades"),
              "custody": p_(lang, "table header", "After detention")}
    return labels[group]


def departments(everyone: pd.DataFrame, main_rates: pd.Series, groups) -> pd.DataFrame:
    """Deaths by region and group, the main analysis's rate and every death's rate on each
    population figure (numbers, for the download): highest main rate first, then most
    deaths, ties in alphabetical order."""
    from peru_protests import regional, regional_text

    shown = everyone[["name", "indigenous_pct", *groups, "deaths"]].copy()
    shown["main_rate"] = main_rates
    for key in regional.POPULATIONS:
        shown[f"all_{key}"] = everyone[f"rate_{key}"]
    return regional_text.by_name(shown).sort_values(["main_rate", "deaths"], ascending=False, kind="stable")


def departments_md(shown: pd.DataFrame, groups, lang: str = "en") -> Md:
    table = pd.DataFrame({p_(lang, "table header", "Region"): shown["name"],
                          p_(lang, "table header", "Indigenous (%)"): [i18n.number(lang, v, 1)
                                                                       for v in shown["indigenous_pct"]]})
    for g in groups:
        table[_group_header(g, lang)] = shown[g].to_numpy()
    table[p_(lang, "table header", "All deaths")] = shown["deaths"].to_numpy()
    for col, header in (("main_rate", p_(lang, "table header", "Rate, main")),
                        ("all_census_2017", p_(lang, "table header", "Rate, all (2017)")),
                        ("all_estimate_2022", p_(lang, "table header", "Rate, all (2022)"))):
        table[header] = [i18n.number(lang, v, 2) for v in shown[col]]
    return report.markdown_table(table, _(lang, "Deaths by region and group, and deaths per 100,000: “Rate, main” for "
                                                "the deaths of the main analysis on the chapter's population figure, "
                                                "“Rate, all” for all deaths on the 2017 census and the 2022 estimate"),
                                 "tbl-regional-departments")
