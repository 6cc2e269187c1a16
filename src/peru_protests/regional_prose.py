"""Sentences of the regional chapter's sections (the group, deaths by region, the claim,
the Poisson regression, the threshold sweep, the variants and exposure), in the reader's
language ``lang``; data values pass through the escaping layer. The key findings and the
"how sure" box are in :mod:`peru_protests.regional_text`."""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n, markup, verdicts
from peru_protests.i18n import _, n_, p_
from peru_protests.markup import Md


def _g(value: float, lang: str) -> str:
    """A parameter such as 50.0 or 2.5 as the reader writes it ('50', '2.5')."""
    return i18n.number(lang, float(f"{value:g}"))


def measure_label(measure: str, lang: str = "en") -> str:
    if measure == "self_identification":
        return _(lang, "Indigenous self-identification, population aged 12 and over (2017 census)")
    return _(lang, "Indigenous mother tongue (2017 census)")


def population_label(population: str, lang: str = "en") -> str:
    if population == "estimate_2022":
        return _(lang, "INEI population estimate for 2022")
    return _(lang, "population enumerated in the 2017 census")


def claim_day(claim, lang: str = "en") -> str:
    return i18n.day(lang, claim["date"])


def number(value: float, lang: str = "en") -> str:
    """A claimed or threshold percentage as written: '80', '13.5'."""
    return _g(value, lang)


def counting_text(as_of, lang: str = "en") -> Md:
    """'every death in the data' / 'the deaths that had happened by 16 February 2023'."""
    if as_of is None:
        return Md(_(lang, "every death in the data"))
    return markup.md(_(lang, "the deaths that had happened by {day}"), day=i18n.day(lang, pd.Timestamp(as_of)))


def top_rate(table: pd.DataFrame, rate_col: str, lang: str = "en") -> Md:
    """The region with the highest rate (ties: the reader's alphabetical order)."""
    if table.empty or table["deaths"].max() <= 0:
        return Md(_(lang, "no region, as there are no deaths in this selection"))
    ordered = table.assign(_k=table["name"].map(i18n.sort_key(lang))).sort_values([rate_col, "_k"],
                                                                                 ascending=[False, True])
    top = ordered.iloc[0]
    return markup.md(n_(lang, "{name} ({rate} per 100,000; {k} death)", "{name} ({rate} per 100,000; {k} deaths)",
                        int(top["deaths"])),
                     name=top["name"], rate=i18n.number(lang, top[rate_col], 2), k=int(top["deaths"]))


def lima_share(table: pd.DataFrame, pop_col: str, lang: str = "en") -> str:
    lima = table[table["name"] == "Lima"]
    if lima.empty:
        return _(lang, "an unknown share")
    return i18n.percent(lang, lima.iloc[0][pop_col] / table[pop_col].sum(), 0)


def lima_rate(table: pd.DataFrame, rate_col: str, lang: str = "en") -> Md:
    lima = table[table["name"] == "Lima"]
    if lima.empty:
        return Md(_(lang, "no figure in these data"))
    row = lima.iloc[0]
    return markup.md(n_(lang, "{rate} per 100,000 ({k} death)", "{rate} per 100,000 ({k} deaths)", int(row["deaths"])),
                     rate=i18n.number(lang, row[rate_col], 2), k=int(row["deaths"]))


DEFINITIONS = {"Civilians killed in clashes": ["civilian_clash"],
               "Deaths in clashes (civilians, police and military)": ["civilian_clash", "police", "military"],
               "All deaths (including those linked to blockades)": None}


def definition_labels(lang: str = "en") -> dict[str, str]:
    """The claim table's three definitions of the deaths, in ``lang`` (keys: the English
    labels the claim table is computed with)."""
    return {"Civilians killed in clashes": _(lang, "Civilians killed in clashes"),
            "Deaths in clashes (civilians, police and military)":
                _(lang, "Deaths in clashes (civilians, police and military)"),
            "All deaths (including those linked to blockades)":
                _(lang, "All deaths (including those linked to blockades)")}


def final_text(as_of, lang: str = "en") -> str:
    return _(lang, "the final count") if as_of is None else i18n.day(lang, pd.Timestamp(as_of))


def claim_headings(dates: dict, claim_label: str, lang: str = "en") -> dict[str, str]:
    """Headings of the claim's bullets, keyed by the as-of labels of the claim table."""
    return {label: (_(lang, "on the day of the claim") if label == claim_label else
                    _(lang, "final count") if when is None else i18n.day(lang, pd.Timestamp(when)))
            for label, when in dates.items()}


def population_line(claim_rows: pd.DataFrame, population: str, claimed_pop_pct: float, tolerance_points: float,
                    lang: str = "en") -> Md:
    share = claim_rows["population_share"].iloc[0]
    return markup.md(_(lang, "- **Population.** The group holds {share} of the {label}: {verdict}."),
                     share=i18n.percent(lang, share, 1), label=population_label(population, lang),
                     verdict=verdicts.claim_verdict(share * 100, claimed_pop_pct, tolerance_points, lang=lang))


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


def deadliest_share(loo: pd.DataFrame, n_deaths: int, lang: str = "en") -> Md:
    top = loo.head(2)
    if top.empty:
        return Md(_(lang, "there are no deaths in this selection"))
    return markup.md(n_(lang, "the deadliest event accounts for {n} of the {total} deaths",
                        "the {k} deadliest account for {n} of the {total} deaths", len(top)),
                     k=len(top), n=int(top["deaths_left_out"].sum()), total=n_deaths)


def poisson_text(fit: dict | None, lang: str = "en") -> tuple[Md, Md]:
    """The regression's rate ratio per step of share, and what its dispersion says."""
    if not fit:
        return Md(_(lang, "undefined (no deaths)")), Md("")
    ratio = markup.md(_(lang, "{r} (95% interval {lo} to {hi} if each region's count were Poisson)"),
                      r=i18n.number(lang, fit["rate_ratio"], 2), lo=i18n.number(lang, fit["lower"], 2),
                      hi=i18n.number(lang, fit["upper"], 2))
    if fit["dispersion"] > 1:
        disp = markup.md(_(lang, "The counts vary around the model more than a Poisson model allows (dispersion {d}, "
                                 "where 1 would mean as expected), so the wider quasi-Poisson interval that allows for "
                                 "it, {lo} to {hi}, is the one to quote."),
                         d=i18n.number(lang, fit["dispersion"], 2), lo=i18n.number(lang, fit["quasi_lower"], 2),
                         hi=i18n.number(lang, fit["quasi_upper"], 2))
    else:
        disp = markup.md(_(lang, "The counts vary around the model no more than a Poisson model allows (dispersion "
                                 "{d})."), d=i18n.number(lang, fit["dispersion"], 2))
    return ratio, disp


def sweep_text(valid: pd.DataFrame, lang: str = "en") -> Md:
    """At how many thresholds the group's share of deaths exceeds its share of population
    and the interval lies above 1, with each interval."""
    n = len(valid)
    if not n:
        return Md(_(lang, "At no threshold do both the group and the rest contain regions."))
    over = int((valid["death_share"] > valid["population_share"]).sum())
    boot = valid[valid["boot_lower"] > 1]
    exact = valid[valid["lower"] > 1]

    def span(rows):
        if rows.empty:
            return Md(_(lang, "at none"))
        return markup.md(_(lang, "from {a}% to {b}%"), a=_g(rows["threshold"].min(), lang),
                         b=_g(rows["threshold"].max(), lang))

    text = markup.md(n_(lang, "Of the {n} threshold at which both the group and the rest contain regions, the "
                              "group's share of deaths is above its share of the population at {o}.",
                        "Of the {n} thresholds at which both the group and the rest contain regions, the group's "
                        "share of deaths is above its share of the population at {o}.", n), n=n, o=over)
    return text + Md(" ") + markup.md(
        _(lang, "The lower limit of the rate ratio's interval is above 1 at {b} of them when deaths are allowed to "
                "come in clusters (cluster bootstrap; {bs}), and at {e} if every death were independent (exact "
                "Poisson; {es})."), b=len(boot), bs=span(boot), e=len(exact), es=span(exact))


def deadliest_event(place, day, n: int, lang: str = "en") -> Md:
    return markup.md(n_(lang, "{place}, {day}, {n} death", "{place}, {day}, {n} deaths", n),
                     place=place, day=i18n.day(lang, day), n=n)


def variants_text(forest: pd.DataFrame, lang: str = "en") -> tuple[Md, Md, Md]:
    """The smallest ratio among the variants, and in how many variants each interval lies
    above 1 (exact, then cluster bootstrap)."""
    finite = forest[forest["rate_ratio"].map(lambda v: pd.notna(v) and v != float("inf"))]
    if len(finite):
        worst = finite.loc[finite["rate_ratio"].idxmin()]
        smallest = markup.md(_(lang, "{ratio}, {variant}"),
                             ratio=verdicts.ratio_with(worst["rate_ratio"], worst["lower"], worst["upper"],
                                                       _(lang, "exact Poisson"), lang=lang),
                             variant=worst["variant"][0].lower() + worst["variant"][1:])
    else:
        smallest = Md(_(lang, "undefined"))
    n = len(forest)
    above = int((forest["lower"] > 1).sum())
    exact = (Md(_(lang, "in every variant the exact interval (deaths independent) lies above 1.")) if above == n else
             markup.md(n_(lang, "the exact interval (deaths independent) lies above 1 in {k} of the {n} variant.",
                          "the exact interval (deaths independent) lies above 1 in {k} of the {n} variants.", n),
                       k=above, n=n))
    boot = markup.md(n_(lang, "Allowing for deaths coming in clusters (cluster bootstrap), the interval lies above 1 "
                              "in {k} of the {n} variant.",
                        "Allowing for deaths coming in clusters (cluster bootstrap), the interval lies above 1 in {k} "
                        "of the {n} variants.", n), k=int((forest["boot_lower"] > 1).sum()), n=n)
    return smallest, exact, boot


def exposure_text(exp: dict, lang: str = "en") -> Md:
    if exp["injured_share"] > exp["population_share"]:
        return Md(_(lang, "Part of the disparity is therefore exposure: the group's share of the injured is larger than "
                          "its share of the population."))
    return Md(_(lang, "Exposure does not explain the disparity here: the group's share of the injured is not larger "
                      "than its share of the population."))


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


def group_size(n: int, lang: str = "en") -> str:
    return n_(lang, "{n} region", "{n} regions", n).format(n=n)


def unplaced_in_claim(n: int, lang: str = "en") -> Md:
    """The deaths without a region in the last row of the claim table."""
    if not n:
        return Md(_(lang, "Every death in the last row has a region."))
    return markup.md(n_(lang, "In the last row {k} death has no region.", "In the last row {k} deaths have no region.",
                        n), k=n)


def exposure_gaps(n_deaths: int, n_unlisted: int, lang: str = "en") -> Md:
    """The deaths compared with the injured, and those in regions the reports do not list."""
    text = markup.md(n_(lang, "{n} death compared", "{n} deaths compared", n_deaths), n=n_deaths)
    if n_unlisted:
        return text + markup.md(n_(lang, ", of which {k} is in a region that the reports do not list",
                                   ", of which {k} are in regions that the reports do not list", n_unlisted),
                                k=n_unlisted)
    return text + Md(_(lang, ", all in regions that the reports list"))
