"""Sentences of the justice chapter: the wait for formalisation and how sure the
chapter's findings are (trusted markup, :class:`peru_protests.markup.Md`, built from
computed values), and the figures of the caseload table (plain text: the chapter glues
them through :func:`peru_protests.markup.glue_md`, which escapes them)."""

from __future__ import annotations

import pandas as pd

from peru_protests import censoring, markup
from peru_protests.markup import Md
from peru_protests.report import listing, when

QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "about": "about "}


def wait_text(waits: pd.DataFrame, n_undated: int) -> Md:
    """How many deaths had their case formalised, how many are still waiting, how many
    formalisation dates are only bounded, and the share within one and two years as
    ranges where the bounds make them uncertain."""
    dated = waits.dropna(subset=["earliest_days"])
    done = int(dated["formalised"].sum())
    bounded = censoring.bounded_deaths(dated)
    unbounded_below = int((bounded["earliest_days"] == 0).sum())
    text = markup.md("Of the {n} deaths with a known date, {done} had their case formalised by the as-of date and "
                     "{waiting} were still waiting", n=len(dated), done=done, waiting=len(dated) - done)
    if n_undated:
        text += markup.md(" (deaths no source dates, left out: {k})", k=n_undated)
    text += Md(".")
    if len(bounded):
        text += markup.md(" For {k} of the formalised deaths the sources give only a range of dates for the "
                          "formalisation (the day is not reported), so their wait is known only to lie between two "
                          "bounds", k=len(bounded))
        text += (markup.md("; for {u} of them nothing in the sources sets an earliest date, so in principle their "
                           "wait could have been very short.", u=unbounded_below) if unbounded_below else Md("."))
    longest = int(dated[["earliest_days", "latest_days"]].max().max()) if len(dated) else 0
    parts, ranged = [], False
    for days, label in ((365, "one year"), (730, "two years")):
        if longest >= days:
            share = censoring.range_text(*censoring.share_within_range(dated, days))
            ranged |= " to " in share
            parts.append(markup.md("{share} within {label}", label=label, share=share))
    if parts:
        text += markup.md(" The share of deaths whose case was formalised: {parts} of the death{note}.",
                          parts=markup.join(parts, "; "),
                          note=Md(" (a range where the bounded dates leave it open: the lower figure takes every "
                                  "bounded formalisation at its latest possible date, the higher at its earliest)")
                          if ranged else Md(""))
    return text


def median_text(medians: tuple[int | None, int | None], basis: str) -> Md:
    """The median wait, as a range when the bounds leave it open."""
    lo, hi = medians
    if lo is None or hi is None:
        return Md("Fewer than half of the deaths had their case formalised by the as-of date under at least one of "
                  "the bounds, so the median wait is not defined: it is longer than the waits observed so far.")
    text = censoring.days_range_text(lo, hi)
    return markup.md("Half of the deaths had their case formalised within {t} (about {y} years) of the {b}.",
                     t=text, y=f"{hi / 365.25:.1f}" if lo == hi else f"{lo / 365.25:.1f} to {hi / 365.25:.1f}",
                     b=basis)


def _capital(text: Md) -> Md:
    """Trusted markup with its first letter in capitals."""
    return Md(text[:1].upper() + text[1:])


def how_sure(funnel_counts: dict, waits: pd.DataFrame, n_no_case: int, n_unlisted: int, n_accused_cases: int,
             categories_text: str) -> dict[str, Md]:
    """The chapter's closing box, in plain words: what is solid, what depends on choices,
    what these data cannot tell (keys solid, choices, unknown: one paragraph each)."""
    dated = waits.dropna(subset=["earliest_days"])
    bounded = censoring.bounded_deaths(dated)
    solid = markup.md(
        "**Solid.** Where the cases stood, as the sources record them: of the {n} deaths counted, {f} were in a "
        "case that had been formalised, {a} in one that had reached an accusation and {j} in one with a "
        "judgement; investigations of the killings that had reached an accusation: {acc}. These are counts of "
        "documented steps, not estimates.",
        n=funnel_counts["deaths"], f=funnel_counts["formalised"], a=funnel_counts["accusation"],
        j=funnel_counts["judgement"], acc=n_accused_cases)
    longest = int(dated[["earliest_days", "latest_days"]].max().max()) if len(dated) else 0
    if longest >= 730:
        low, high = censoring.share_within_range(dated, 730)
        share = censoring.range_text(low, high)
        solid += (markup.md(" Within two years of the death, {s} of the deaths had their case formalised, whichever "
                            "of the possible dates is taken.", s=share) if " to " not in share else
                  markup.md(" Within two years of the death, {s} of the deaths had their case formalised, depending on "
                            "the bounded dates.", s=share))
    choices = markup.md(
        "**Depends on choices.** Which deaths are counted ({c}), whether the wait runs from the day of death or of "
        "the injury, and the as-of date.", c=categories_text)
    one_year = censoring.range_text(*censoring.share_within_range(dated, 365)) if longest >= 365 else ""
    if " to " in one_year:
        choices += markup.md(" How fast the first year went depends on dates the sources only bound: for {k} deaths "
                             "the formalisation is known only to lie within a range, so the share formalised within "
                             "one year is a range ({r}) rather than a single figure.", k=len(bounded), r=one_year)
    unknown = markup.md(
        "**Cannot be known from these data.** {items}; and how the cases will end: the stages do not separate a "
        "conviction from an acquittal, and suspects are counted per case, not per person.",
        items=_capital(markup.join([x for x in (
            Md("The exact day on which the bounded cases were formalised") if len(bounded) else None,
            markup.md("whether the deaths in no prosecutor's file in the data ({nc}) have one that the sources did "
                      "not report", nc=n_no_case) if n_no_case else None,
            markup.md("which deaths the investigations of the killings that do not list them ({nu}) cover",
                      nu=n_unlisted) if n_unlisted else None) if x is not None] or [Md("Whether the record of "
                                                                                      "steps is complete")], "; ")))
    return {"solid": solid, "choices": choices, "unknown": unknown}


def figures_text(series: pd.DataFrame, measure: str) -> str:
    """Every figure reported for ``measure``: 'at least 1,200 on 5 May 2023 according to X
    and ...'; 'no figure by the as-of date' when there is none."""
    rows = series[series["measure"] == measure]
    if rows.empty:
        return "no figure by the as-of date"
    return listing([f"{QUALIFIER_WORDS[r['qualifier']]}{int(r['value']):,} on {when(r['date'])} "
                    f"according to {r['organisation']}" for _, r in rows.iterrows()])


def largest_figure(series: pd.DataFrame, measure: str) -> str | None:
    """The largest figure reported for ``measure`` (the latest of equal ones), with its
    date and reporter; ``None`` when there is none."""
    rows = series[series["measure"] == measure].sort_values(["value", "date"])
    if rows.empty:
        return None
    r = rows.iloc[-1]
    return (f"{QUALIFIER_WORDS[r['qualifier']]}{int(r['value']):,} "
            f"(on {when(r['date'])}, according to {r['organisation']})")
