"""Sentences of the regional chapter's sections (the group, deaths by region, the claim,
the Poisson regression, the threshold sweep, the variants and exposure), in the reader's
language ``lang``; data values pass through the escaping layer. The key findings and the
"how sure" box are in :mod:`peru_protests.regional_text`."""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n, markup, verdicts
from peru_protests.i18n import _, n_
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


def variants_text(forest: pd.DataFrame, names: dict | None = None, lang: str = "en") -> tuple[Md, Md, Md]:
    """The smallest ratio among the variants, and in how many variants each interval lies
    above 1 (exact, then cluster bootstrap); ``names`` maps the English variant labels to
    ``lang`` (see :func:`variant_map`)."""
    names = names or {}
    finite = forest[forest["rate_ratio"].map(lambda v: pd.notna(v) and v != float("inf"))]
    if len(finite):
        worst = finite.loc[finite["rate_ratio"].idxmin()]
        smallest = markup.md(_(lang, "{ratio}, {variant}"),
                             ratio=verdicts.ratio_with(worst["rate_ratio"], worst["lower"], worst["upper"],
                                                       _(lang, "exact Poisson"), lang=lang),
                             variant=_lower_first(names.get(worst["variant"], worst["variant"])))
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


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def exposure_text(exp: dict, lang: str = "en") -> Md:
    if exp["injured_share"] > exp["population_share"]:
        return Md(_(lang, "Part of the disparity is therefore exposure: the group's share of the injured is larger than "
                          "its share of the population."))
    return Md(_(lang, "Exposure does not explain the disparity here: the group's share of the injured is not larger "
                      "than its share of the population."))


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


def variant_names(claim_date, place, n_event: int | None, lang: str = "en") -> dict[str, str]:
    """The labels of the sensitivity variants, in ``lang`` (keys: main, all, clashes,
    claim_date, other_population, deadliest)."""
    names = {"main": _(lang, "Main analysis"), "all": _(lang, "All deaths in the selection"),
             "clashes": _(lang, "Deaths in clashes (civilians, police and military)"),
             "claim_date": _(lang, "As of {day}").format(day=i18n.day(lang, claim_date)),
             "other_population": _(lang, "On the other population figure")}
    if n_event is not None:
        names["deadliest"] = n_(lang, "Without the deadliest event ({place}, {n} death)",
                                "Without the deadliest event ({place}, {n} deaths)", n_event).format(place=place,
                                                                                                    n=n_event)
    return names


def without(region: str, lang: str = "en") -> str:
    """'Without Puno': a variant that leaves one region out."""
    return _(lang, "Without {region}").format(region=region)


def variant_map(claim_date, place, n_event, regions, lang: str) -> dict[str, str]:
    """English variant label -> its label in ``lang`` (the sensitivity table is computed
    with the English labels)."""
    en, other = variant_names(claim_date, place, n_event, "en"), variant_names(claim_date, place, n_event, lang)
    out = {en[k]: other[k] for k in en}
    out.update({without(r, "en"): without(r, lang) for r in regions})
    return out
