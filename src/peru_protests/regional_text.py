"""Sentences of the regional chapter about how sure its findings are. Every function
returns trusted markup (:class:`peru_protests.markup.Md`) built from computed values; data
values pass through the escaping layer.

The chapter leads with the **cluster-bootstrap** interval: the lethal event, not the
death, is the unit of independence, and the bootstrap resamples events without assuming
how their sizes are distributed. The exact Poisson interval (every death independent) and
the negative-binomial interval (a model of extra variation between regions) are shown
beside it. With few events the bootstrap interval is itself rough, so the chapter rounds
it to two significant figures.
"""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n, markup, verdicts
from peru_protests.i18n import _, n_, p_
from peru_protests.markup import Md

LEAD = "cluster bootstrap over lethal events"


def _pct(share: float, lang: str, digits: int = 1) -> str:
    return i18n.percent(lang, share, digits) if pd.notna(share) else _(lang, "undefined")


def lead_ratio(s: dict, lang: str = "en") -> Md:
    """'30 (95% interval 4.8 to 121, cluster bootstrap over lethal events)'."""
    return markup.md("{text}", text=verdicts.ratio_with(s["rate_ratio"], s["boot_lower"], s["boot_upper"],
                                                        _(lang, "cluster bootstrap over lethal events"), lang=lang))


def other_intervals(s: dict, lang: str = "en") -> Md:
    """The other intervals for the same comparison, each with what it assumes."""
    parts = [markup.md(_(lang, "{i} if every death were an independent event (exact Poisson)"),
                       i=verdicts.interval(s["exact_lower"], s["exact_upper"], lang=lang))]
    if pd.notna(s.get("nb_ratio")):
        parts.append(markup.md(_(lang, "{r} ({i}) from a negative binomial model of the counts by region"),
                               r=verdicts.sig(s["nb_ratio"], lang=lang),
                               i=verdicts.interval(s["nb_lower"], s["nb_upper"], lang=lang)))
    if pd.notna(s.get("quasi_lower")):
        parts.append(markup.md(_(lang, "{i} with the quasi-Poisson correction for the regions' dispersion ({d})"),
                               d=i18n.number(lang, s["dispersion"], 2),
                               i=verdicts.interval(s["quasi_lower"], s["quasi_upper"], lang=lang)))
    return markup.md(_(lang, "Other 95% intervals for the same ratio: {parts}."), parts=markup.join(parts, "; "))


def events_and_loo(s: dict, event_names: dict[str, str], lang: str = "en") -> Md:
    """The comparison counted in lethal events, and the range with one event left out."""
    e = s["events"]
    text = markup.md(n_(lang, "Counted in lethal events rather than deaths ({g} of {n} event in the group's regions), "
                              "the ratio is {r}. ",
                        "Counted in lethal events rather than deaths ({g} of {n} events in the group's regions), "
                        "the ratio is {r}. ", e["events"]), g=e["group_events"], n=e["events"],
                     r=verdicts.ratio_with(e["rate_ratio"], e["lower"], e["upper"],
                                           _(lang, "exact Poisson on events"), lang=lang))
    lowest = s["loo_lowest"]
    if lowest is not None:
        k = int(lowest["deaths_left_out"])
        text += markup.md(n_(lang, "Leaving out one lethal event at a time, the ratio ranges from {lo} to {hi}; it is "
                                   "lowest without {name} ({k} death): {r}.",
                             "Leaving out one lethal event at a time, the ratio ranges from {lo} to {hi}; it is "
                             "lowest without {name} ({k} deaths): {r}.", k),
                          lo=verdicts.sig(s["loo_min"], lang=lang), hi=verdicts.sig(s["loo_max"], lang=lang),
                          name=event_names.get(lowest["event"], lowest["event"]), k=k,
                          r=verdicts.ratio_with(lowest["rate_ratio"], lowest["lower"], lowest["upper"],
                                                _(lang, "exact Poisson"), lang=lang))
    return text


def lethality_verdict(s: dict, lang: str = "en") -> Md:
    """What the exposure comparison can say, read from the interval the chapter leads
    with (the cluster bootstrap)."""
    where = verdicts.covers_one(s["boot_lower"], s["boot_upper"])
    if where == "above":
        return Md(_(lang, "Even allowing for deaths coming in clusters the interval lies above 1: where people were "
                          "hurt, they were also more often killed in the group's regions, so exposure does not "
                          "explain all of it."))
    if where == "below":
        return Md(_(lang, "Allowing for clustering, the interval lies below 1: per injured person, deaths were less "
                          "frequent in the group's regions."))
    if verdicts.covers_one(s["exact_lower"], s["exact_upper"]) == "above":
        return Md(_(lang, "Once deaths are allowed to come in clusters the interval includes 1, so these data cannot "
                          "tell whether the response was more lethal in the group's regions than elsewhere once "
                          "exposure is taken into account; only if every death were an independent event (it was "
                          "not) would the exact interval, which lies above 1, say so."))
    return Md(_(lang, "Once deaths are allowed to come in clusters the interval includes 1, so these data cannot tell "
                      "whether the response was more lethal in the group's regions than elsewhere once exposure is "
                      "taken into account."))


def claim_lines(rows: pd.DataFrame, claimed_deaths_pct: float, tolerance_points: float, headings: dict,
                definitions: dict, lang: str = "en") -> Md:
    """One bullet per as-of date: for each definition of the deaths, the group's share,
    its cluster-bootstrap interval and the verdict in words against the claim
    (``headings``: as-of label -> heading in ``lang``; ``definitions``: label -> its
    text in ``lang``)."""
    lines = []
    for label, heading in headings.items():
        chosen = rows[rows["as_of"] == label]
        items = [markup.md(_(lang, "{definition}: {share} ({g} of {n}; interval {lo} to {hi}), {verdict}"),
                           definition=definitions[r["definition"]][0].lower() + definitions[r["definition"]][1:],
                           share=_pct(r["death_share"], lang), g=r["group_deaths"], n=r["deaths"],
                           lo=_pct(r["share_lower"], lang, 0), hi=_pct(r["share_upper"], lang, 0),
                           verdict=verdicts.claim_verdict(r["death_share"] * 100, claimed_deaths_pct,
                                                          tolerance_points, lang=lang))
                 for _i, r in chosen.iterrows()]
        lines.append(markup.md(_(lang, "- **Deaths, {heading}.** Against the claimed {c}%: {items}."), heading=heading,
                               c=i18n.number(lang, float(f"{claimed_deaths_pct:g}")), items=markup.join(items, "; ")))
    return Md("\n").join(lines)


def interval_rows(summaries: dict[str, dict], lang: str = "en") -> pd.DataFrame:
    """A reader's table: one row per comparison, the ratio and each interval in words."""
    def iv(lo, hi):
        return verdicts.interval(lo, hi, lang=lang)

    def sig(v):
        return verdicts.sig(v, lang=lang)

    rows = []
    for label, s in summaries.items():
        e = s["events"]
        rows.append({p_(lang, "table header", "Comparison"): label, p_(lang, "table header", "Ratio"): sig(s["rate_ratio"]),
                     _(lang, "Cluster bootstrap (leads)"): iv(s["boot_lower"], s["boot_upper"]),
                     _(lang, "Exact Poisson (deaths independent)"): iv(s["exact_lower"], s["exact_upper"]),
                     _(lang, "Negative binomial"): (f"{sig(s['nb_ratio'])} ({iv(s['nb_lower'], s['nb_upper'])})"
                                                    if pd.notna(s["nb_ratio"]) else _(lang, "not estimable")),
                     _(lang, "Quasi-Poisson"): (iv(s["quasi_lower"], s["quasi_upper"])
                                                if pd.notna(s["quasi_lower"]) else _(lang, "not estimable")),
                     _(lang, "In lethal events"): f"{sig(e['rate_ratio'])} ({iv(e['lower'], e['upper'])})",
                     _(lang, "One event left out (range)"): iv(s["loo_min"], s["loo_max"])})
    return pd.DataFrame(rows)


def how_sure(main: dict, exposure: dict, n_sweep_boot: int, n_sweep: int, variants_min: Md,
             claim_rows: pd.DataFrame, claimed_pct: float, tolerance_points: float, lang: str = "en") -> dict[str, Md]:
    """The chapter's closing box, in plain words: what is solid, what depends on choices,
    what these data cannot tell (keys solid, choices, unknown: one paragraph each). Every
    statement is chosen by the numbers passed in."""
    def sig(v):
        return verdicts.sig(v, lang=lang)

    def iv(lo, hi):
        return verdicts.interval(lo, hi, lang=lang)

    main_where = verdicts.covers_one(main["boot_lower"], main["boot_upper"])
    kinds = [verdicts.compare(v * 100, claimed_pct, tolerance_points) for v in claim_rows["death_share"]]
    n_not_lower = sum(k in ("same", "higher") for k in kinds)
    if main_where == "above":
        solid = markup.md(_(lang, "**Solid.** Civilians were killed at a much higher rate in the regions where most "
                                  "people have an Indigenous mother tongue than in the rest of Peru: about {r} times, "
                                  "and even allowing for deaths coming in a few large events the 95% interval ({i}) "
                                  "lies above 1."),
                          r=sig(main["rate_ratio"]), i=iv(main["boot_lower"], main["boot_upper"]))
    elif main_where == "below":
        solid = markup.md(_(lang, "**Solid.** Little about the size of the difference: the rate ratio is about {r}, but "
                                  "allowing for deaths coming in clusters its 95% interval ({i}) lies below 1."),
                          r=sig(main["rate_ratio"]), i=iv(main["boot_lower"], main["boot_upper"]))
    else:
        solid = markup.md(_(lang, "**Solid.** Little about the size of the difference: the rate ratio is about {r}, but "
                                  "allowing for deaths coming in clusters its 95% interval ({i}) includes 1."),
                          r=sig(main["rate_ratio"]), i=iv(main["boot_lower"], main["boot_upper"]))
    solid += markup.md(n_(lang, " The group's share of the deaths ranges from {lo} to {hi} across the definitions and "
                                "dates recomputed; {k} of those {n} share is about the same as or higher than the "
                                "claimed {c}% (within {t} points counts as about the same).",
                          " The group's share of the deaths ranges from {lo} to {hi} across the definitions and "
                          "dates recomputed; {k} of those {n} shares are about the same as or higher than the "
                          "claimed {c}% (within {t} points counts as about the same).", n_not_lower),
                       lo=_pct(claim_rows["death_share"].min(), lang, 0),
                       hi=_pct(claim_rows["death_share"].max(), lang, 0), k=n_not_lower, n=len(kinds),
                       c=i18n.number(lang, float(f"{claimed_pct:g}")),
                       t=i18n.number(lang, float(f"{tolerance_points:g}")))
    choices = markup.md(_(lang, "**Depends on choices.** How large the ratio is depends on which deaths are counted, "
                                "which population figure is used, where the threshold is put and, above all, on single "
                                "events: with one lethal event left out it ranges from {lo} to {hi}; counted in lethal "
                                "events rather than deaths it is about {ev}. Allowing for clustering, the interval lies "
                                "above 1 at {k} of the {n} thresholds at which both sides have regions. The smallest "
                                "ratio among the variants of the sensitivity figure is {v}."),
                        lo=sig(main["loo_min"]), hi=sig(main["loo_max"]), ev=sig(main["events"]["rate_ratio"]),
                        k=n_sweep_boot, n=n_sweep, v=variants_min)
    where = verdicts.covers_one(exposure["boot_lower"], exposure["boot_upper"])
    if where == "includes":
        unknown = markup.md(_(lang, "**Cannot be known from these data.** Whether the response was more lethal in the "
                                    "group's regions once the amount of protest is taken into account: per injured "
                                    "person attended the ratio is {r}, but its interval allowing for clustering ({i}) "
                                    "includes 1, and with one event left out it ranges from {lo} to {hi}."),
                            r=sig(exposure["rate_ratio"]), i=iv(exposure["boot_lower"], exposure["boot_upper"]),
                            lo=sig(exposure["loo_min"]), hi=sig(exposure["loo_max"]))
    else:
        unknown = markup.md(_(lang, "**Cannot be known from these data.** How much of the difference the amount of "
                                    "protest explains: per injured person attended the ratio is {r} (interval allowing "
                                    "for clustering {i}), but the injury figures cover only two periods and the people "
                                    "who reached a health facility."),
                            r=sig(exposure["rate_ratio"]), i=iv(exposure["boot_lower"], exposure["boot_upper"]))
    unknown += Md(" " + _(lang, "Nor can these data say whether any person was killed because they were Indigenous: "
                                "they describe regions, not people."))
    return {"solid": solid, "choices": choices, "unknown": unknown}


def category_text(categories, lang: str = "en") -> str:
    """The deaths a selection of categories counts, in words: 'all deaths', or the groups
    ('civilians killed in clashes with security forces, police and military')."""
    from peru_protests import justice_prose

    return justice_prose.category_text(categories, lang)


# --- key findings (in the reader's language) -----------------------------------------------

def facts(main: dict, claim_row, claim, n_group: int, threshold: float, measure: str, categories,
          as_of) -> dict:
    """The numbers the key findings quote: the rate ratio of the main analysis with its
    cluster-bootstrap interval, the size of the group, and the claim against the group's
    recomputed share of deaths (``claim_row``: the row of the claim table for the first
    definition on the final date; ``claim``: the claims-table row)."""
    return {"ratio": float(main["rate_ratio"]), "lower": float(main["boot_lower"]), "upper": float(main["boot_upper"]),
            "n_group": int(n_group), "threshold": float(threshold), "measure": measure, "categories": categories,
            "as_of": None if as_of is None else pd.Timestamp(as_of),
            "claim_org": claim["organisation"], "claim_date": pd.Timestamp(claim["date"]),
            "claimed_pct": float(claim["death_share_pct"]), "share": float(claim_row["death_share"]),
            "group_deaths": int(claim_row["group_deaths"]), "deaths": int(claim_row["deaths"])}


def _measure_phrase(measure: str, lang: str) -> str:
    if measure == "self_identification":
        return _(lang, "identify as Indigenous")
    return _(lang, "have an Indigenous mother tongue")


def _ratio_finding(f: dict, lang: str) -> Md:
    from peru_protests import justice_prose

    ref = Md("{numref}`fig-regional-map`")
    where = verdicts.covers_one(f["lower"], f["upper"])
    common = dict(who=justice_prose.category_text(f["categories"], lang), k=f["n_group"],
                  t=i18n.number(lang, float(f"{f['threshold']:g}")), m=_measure_phrase(f["measure"], lang),
                  r=verdicts.sig(f["ratio"], lang=lang), i=verdicts.interval(f["lower"], f["upper"], lang=lang), ref=ref)
    if where == "above":
        text = n_(lang, "Counting {who}, the death rate in the {k} region where more than {t}% of people {m} was "
                        "about {r} times that of the rest of Peru; allowing for deaths coming in a few large events, "
                        "the 95% interval runs from {i} ({ref}).",
                  "Counting {who}, the death rate in the {k} regions where more than {t}% of people {m} was about "
                  "{r} times that of the rest of Peru; allowing for deaths coming in a few large events, the 95% "
                  "interval runs from {i} ({ref}).", f["n_group"])
    elif where == "below":
        text = n_(lang, "Counting {who}, the death rate in the {k} region where more than {t}% of people {m} was "
                        "lower than in the rest of Peru: about {r} times it (95% interval {i}, allowing for deaths "
                        "coming in a few large events) ({ref}).",
                  "Counting {who}, the death rate in the {k} regions where more than {t}% of people {m} was lower "
                  "than in the rest of Peru: about {r} times it (95% interval {i}, allowing for deaths coming in a "
                  "few large events) ({ref}).", f["n_group"])
    else:
        text = n_(lang, "Counting {who}, the death rate in the {k} region where more than {t}% of people {m} was "
                        "about {r} times that of the rest of Peru, but allowing for deaths coming in a few large "
                        "events the 95% interval ({i}) does not exclude an equal rate ({ref}).",
                  "Counting {who}, the death rate in the {k} regions where more than {t}% of people {m} was about "
                  "{r} times that of the rest of Peru, but allowing for deaths coming in a few large events the 95% "
                  "interval ({i}) does not exclude an equal rate ({ref}).", f["n_group"])
    return markup.md(text, **common)


def _claim_finding(f: dict, tolerance_points: float, lang: str) -> Md:
    verdict = verdicts.claim_verdict(f["share"] * 100, f["claimed_pct"], tolerance_points, lang=lang)
    when = (_(lang, "in the final count") if f["as_of"] is None else
            _(lang, "as of {day}").format(day=i18n.day(lang, f["as_of"])))
    return markup.md(
        n_(lang, "{org} said on {date} that about {c}% of the deaths were in mostly Indigenous regions. Recomputed "
                 "{when}, those regions hold {s} of the civilians killed in clashes ({g} of {n} death): {v} ({ref}).",
           "{org} said on {date} that about {c}% of the deaths were in mostly Indigenous regions. Recomputed "
           "{when}, those regions hold {s} of the civilians killed in clashes ({g} of {n} deaths): {v} ({ref}).",
           f["deaths"]),
        org=f["claim_org"], date=i18n.day(lang, f["claim_date"]), c=i18n.number(lang, float(f"{f['claimed_pct']:g}")),
        when=when, s=i18n.percent(lang, f["share"], 1), g=f["group_deaths"], n=f["deaths"], v=verdict,
        ref=Md("{numref}`tbl-regional-claim`"))


def home_findings(f: dict, tolerance_points: float, lang: str = "en") -> Md:
    """The chapter's two most important findings, a Markdown bullet list for the home page:
    how much higher the death rate was in the Indigenous-majority regions, and the
    published claim recomputed, with the verdict its number earns."""
    return Md("\n").join(Md("- ") + item for item in (_ratio_finding(f, lang), _claim_finding(f, tolerance_points, lang)))


def key_findings(f: dict, tolerance_points: float, exposure: dict, lang: str = "en") -> Md:
    """The chapter's "Key findings" box: the home page's two findings, then what the
    comparison with the people injured can and cannot say."""
    ratio = verdicts.sig(exposure["rate_ratio"], lang=lang)
    where = verdicts.covers_one(exposure["boot_lower"], exposure["boot_upper"])
    i = verdicts.interval(exposure["boot_lower"], exposure["boot_upper"], lang=lang)
    if where == "includes":
        third = markup.md(_(lang, "Per person injured and attended in a health facility, the ratio is {r}, but its "
                                  "interval ({i}) includes 1: these data cannot tell whether the response was more "
                                  "lethal in those regions once the amount of protest is allowed for ({ref})."),
                          r=ratio, i=i, ref=Md("{numref}`fig-regional-exposure`"))
    else:
        third = markup.md(_(lang, "Per person injured and attended in a health facility, the ratio is {r} (95% "
                                  "interval {i}), so where the protests were does not explain all of the difference "
                                  "({ref})."), r=ratio, i=i, ref=Md("{numref}`fig-regional-exposure`"))
    return Md("\n").join(Md("- ") + item for item in (_ratio_finding(f, lang), _claim_finding(f, tolerance_points, lang),
                                                     third))


def unplaced_text(n: int, lang: str = "en") -> Md:
    """The deaths whose region the sources do not give."""
    if not n:
        return Md(_(lang, "The sources give the region of every death counted."))
    return markup.md(n_(lang, "{k} death whose region the sources do not give is left out of every rate.",
                        "{k} deaths whose region the sources do not give are left out of every rate.", n), k=n)


def top_rates_text(ranked: pd.DataFrame, group, lang: str = "en") -> Md:
    """'The 3 highest rates were in Puno, Ayacucho and Apurímac; all 3 are in the group.'"""
    if ranked.empty:
        return Md(_(lang, "No region has a death in this selection."))
    in_g = int(ranked.index.isin(group).sum())
    names = i18n.listing(lang, [markup.escape(n) for n in ranked["name"]])
    text = markup.md(n_(lang, "The highest rate was in {names}", "The {k} highest rates were in {names}", len(ranked)),
                     k=len(ranked), names=Md(names))
    if len(ranked) == 1:
        return text + Md(_(lang, ", a region of the group.") if in_g else _(lang, ", a region outside the group."))
    return text + markup.md(n_(lang, "; {g} of them is in the group.", "; {g} of them are in the group.", in_g), g=in_g)


def group_zero_text(zero_in_group: pd.DataFrame, outside: pd.DataFrame, lang: str = "en") -> Md:
    """Regions of the group without a death and regions outside it with deaths, named in
    the reader's alphabetical order."""
    def named(frame):
        return Md(i18n.listing(lang, [markup.escape(n) for n in i18n.sorted_text(lang, frame["name"])]))

    a = (markup.md(n_(lang, "{k} region of the group had no death ({names})",
                      "{k} regions of the group had no death ({names})", len(zero_in_group)),
                   k=len(zero_in_group), names=named(zero_in_group)) if len(zero_in_group)
         else Md(_(lang, "Every region of the group had at least one death")))
    b = (markup.md(n_(lang, "{k} region outside the group had at least one ({names})",
                      "{k} regions outside the group had at least one ({names})", len(outside)),
                   k=len(outside), names=named(outside)) if len(outside)
         else Md(_(lang, "no region outside the group had any")))
    text = a + Md("; ") + b + Md(".")
    if len(zero_in_group) and len(outside):
        text += Md(" " + _(lang, "A high share alone did not make deaths certain, nor a low one rule them out."))
    return text


def group_names(names, lang: str = "en") -> Md:
    """The regions of the group, in the reader's alphabetical order (Áncash among the A's)."""
    if not len(names):
        return Md(_(lang, "no region"))
    return Md(i18n.listing(lang, [markup.escape(n) for n in i18n.sorted_text(lang, names)]))


def by_name(frame: pd.DataFrame, column: str = "name", lang: str = "en") -> pd.DataFrame:
    """``frame`` in the reader's alphabetical order of ``column`` (Áncash among the A's);
    a later stable sort on numbers keeps this order among ties."""
    return frame.sort_values(column, key=lambda s: s.map(i18n.sort_key(lang)), kind="stable")
