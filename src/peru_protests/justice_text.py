"""Sentences of the justice chapter: its key findings, the wait for formalisation and how
sure the chapter's findings are (trusted markup, :class:`peru_protests.markup.Md`, built
from computed values; data values pass through the escaping layer). Every function takes
the reader's language ``lang``; the chapter calls them with :func:`peru_protests.i18n.both`.
The sentences of the chapter's other sections are in :mod:`peru_protests.justice_prose`."""

from __future__ import annotations

import pandas as pd

from peru_protests import censoring, i18n, markup
from peru_protests.i18n import _, n_
from peru_protests.markup import Md


def share_range(low: float, high: float, lang: str) -> str:
    """'4%' when the bounds agree at whole per cent, '4% to 24%' otherwise."""
    a, b = i18n.percent(lang, low), i18n.percent(lang, high)
    return a if a == b else _(lang, "{lower} to {upper}").format(lower=a, upper=b)


def _years(days: float, lang: str) -> str:
    return i18n.number(lang, days / 365.25, 1)


# --- key findings -------------------------------------------------------------------------

def facts(funnel_counts: dict, compare: pd.DataFrame, deaths: pd.DataFrame, day, latest: bool) -> dict:
    """The numbers the key findings quote, from the funnel counts (``deaths``,
    ``formalised``, ``accusation``, ``judgement``), the :func:`~peru_protests.justice.kind_comparison`
    table and the deaths counted: ``day`` (the as-of date), whether it is the latest date in
    the data, the judgements in the investigations of the killings, the first judgement in a
    case against protesters and how many days after the first death counted it came."""
    by_kind = compare.set_index("kind")
    prot = by_kind.loc["protester_prosecution", "first_judgement"] if "protester_prosecution" in by_kind.index else pd.NaT
    first_death = deaths["date_of_death"].min() if len(deaths) else pd.NaT
    return {"day": pd.Timestamp(day), "latest": bool(latest), "deaths": int(funnel_counts["deaths"]),
            "formalised": int(funnel_counts["formalised"]), "accusation": int(funnel_counts["accusation"]),
            "judgement": int(funnel_counts["judgement"]),
            "killing_judgements": int(by_kind.loc["killing_investigation", "judgement"])
            if "killing_investigation" in by_kind.index else 0,
            "protester_first_judgement": prot,
            "days_to_protester_judgement": int((prot - first_death).days)
            if pd.notna(prot) and pd.notna(first_death) else None}


def _funnel_finding(f: dict, lang: str) -> Md:
    day = i18n.day(lang, f["day"])
    ref = Md("{numref}`fig-justice-funnel`")
    if f["deaths"] == 0:
        return markup.md(_(lang, "By {day}, no death counted in this chapter had happened ({ref})."), day=day, ref=ref)
    if f["deaths"] == 1:
        return markup.md(_(lang, "By {day}, the case of the one death counted had reached the stage shown in {ref}."),
                         day=day, ref=ref)
    formalised = (Md(_(lang, "none of their cases had been formalised")) if f["formalised"] == 0 else
                  markup.md(n_(lang, "the case of {f} of them had been formalised",
                               "the cases of {f} of them had been formalised", f["formalised"]), f=f["formalised"]))
    accused = (Md(_(lang, "none had reached an accusation")) if f["accusation"] == 0 else
               markup.md(n_(lang, "{a} had reached an accusation", "{a} had reached an accusation", f["accusation"]),
                         a=f["accusation"]))
    if f["judgement"] == 0:
        text = _(lang, "By {day}, none of the {n} deaths counted was in a case that had reached a judgement: "
                       "{formalised}, and {accused} ({ref}).")
    else:
        text = n_(lang, "By {day}, {j} of the {n} deaths counted was in a case that had reached a judgement (a "
                        "conviction or an acquittal): {formalised} ({ref}).",
                  "By {day}, {j} of the {n} deaths counted were in a case that had reached a judgement (a "
                  "conviction or an acquittal): {formalised} ({ref}).", f["judgement"])
    return markup.md(text, day=day, n=f["deaths"], j=f["judgement"], formalised=formalised, accused=accused, ref=ref)


def _protester_finding(f: dict, lang: str) -> Md:
    day = i18n.day(lang, f["day"])
    ref = Md("{numref}`tbl-justice-compare`")
    first = f["protester_first_judgement"]
    if pd.notna(first) and f["killing_judgements"] == 0:
        text = _(lang, "Protesters were judged before anyone was judged for the killings: the first judgement in a "
                       "case against protesters came on {first}")
        if f["days_to_protester_judgement"] is not None:
            text += n_(lang, ", {k} day after the first death counted", ", {k} days after the first death counted",
                       f["days_to_protester_judgement"])
        text += _(lang, "; by {day} no investigation of the killings had reached a judgement ({ref}).")
    elif pd.notna(first):
        text = n_(lang, "The first judgement in a case against protesters came on {first}; by {day} the "
                        "investigations of the killings had reached {j} judgement ({ref}).",
                  "The first judgement in a case against protesters came on {first}; by {day} the "
                  "investigations of the killings had reached {j} judgements ({ref}).", f["killing_judgements"])
    elif f["killing_judgements"] == 0:
        text = _(lang, "By {day}, neither a case against protesters nor an investigation of the killings had "
                       "reached a judgement ({ref}).")
    else:
        text = n_(lang, "By {day}, the investigations of the killings had reached {j} judgement, and no case "
                        "against protesters had ({ref}).",
                  "By {day}, the investigations of the killings had reached {j} judgements, and no case against "
                  "protesters had any ({ref}).", f["killing_judgements"])
    return markup.md(text, first=i18n.day(lang, first) if pd.notna(first) else "", day=day,
                     k=f["days_to_protester_judgement"], j=f["killing_judgements"], ref=ref)


def _bullets(items) -> Md:
    return Md("\n").join(Md("- ") + item for item in items)


def home_findings(f: dict, lang: str = "en") -> Md:
    """The chapter's two most important findings, as a Markdown bullet list for the home
    page: how far the cases of the deaths had gone, and the protesters judged first."""
    return _bullets([_funnel_finding(f, lang), _protester_finding(f, lang)])


def wait_finding(waits: pd.DataFrame, lang: str = "en") -> Md | None:
    """A third finding for the chapter's own box: the share of deaths whose case had been
    formalised within two years (a range where bounded dates leave it open); ``None`` when
    no wait is two years long yet."""
    dated = waits.dropna(subset=["earliest_days"])
    longest = int(dated[["earliest_days", "latest_days"]].max().max()) if len(dated) else 0
    if longest < 730:
        return None
    share = share_range(*censoring.share_within_range(dated, 730), lang)
    return markup.md(_(lang, "Two years after the death, the case of {s} of the deaths had been formalised "
                             "({ref})."), s=share, ref=Md("{numref}`fig-justice-wait`"))


def key_findings(f: dict, waits: pd.DataFrame, lang: str = "en") -> Md:
    """The chapter's "Key findings" box: the home page's two findings, then the wait."""
    items = [_funnel_finding(f, lang), _protester_finding(f, lang)]
    extra = wait_finding(waits, lang)
    if extra is not None:
        items.append(extra)
    return _bullets(items)


# --- the wait for formalisation -----------------------------------------------------------

def wait_text(waits: pd.DataFrame, n_undated: int, lang: str = "en") -> Md:
    """How many deaths had their case formalised, how many are still waiting, how many
    formalisation dates are only bounded, and the share within one and two years as
    ranges where the bounds make them uncertain."""
    dated = waits.dropna(subset=["earliest_days"])
    done = int(dated["formalised"].sum())
    bounded = censoring.bounded_deaths(dated)
    unbounded_below = int((bounded["earliest_days"] == 0).sum())
    text = markup.md(n_(lang, "Of the {n} death with a known date, {done} had its case formalised by the as-of date "
                              "and {waiting} was still waiting",
                        "Of the {n} deaths with a known date, {done} had their case formalised by the as-of date "
                        "and {waiting} were still waiting", len(dated)),
                     n=len(dated), done=done, waiting=len(dated) - done)
    if n_undated:
        text += markup.md(n_(lang, " ({k} death that no source dates is left out)",
                             " ({k} deaths that no source dates are left out)", n_undated), k=n_undated)
    text += Md(".")
    if len(bounded):
        text += markup.md(n_(lang, " For {k} of the formalised deaths the sources give only a range of dates for the "
                                   "formalisation (the day is not reported), so its wait is known only to lie between "
                                   "two bounds",
                             " For {k} of the formalised deaths the sources give only a range of dates for the "
                             "formalisation (the day is not reported), so their wait is known only to lie between "
                             "two bounds", len(bounded)), k=len(bounded))
        text += (markup.md(_(lang, "; for {u} of them nothing in the sources sets an earliest date, so in principle "
                                   "their wait could have been very short."), u=unbounded_below)
                 if unbounded_below else Md("."))
    longest = int(dated[["earliest_days", "latest_days"]].max().max()) if len(dated) else 0
    parts, ranged = [], False
    for days, label in ((365, _(lang, "within one year")), (730, _(lang, "within two years"))):
        if longest >= days:
            low, high = censoring.share_within_range(dated, days)
            share = share_range(low, high, lang)
            ranged |= share != i18n.percent(lang, low)
            parts.append(markup.md("{share} {label}", label=label, share=share))
    if parts:
        text += markup.md(_(lang, " The share of deaths whose case was formalised: {parts}."),
                          parts=markup.join(parts, "; "))
        if ranged:
            text += Md(_(lang, " Where the bounded dates leave it open the share is a range: the lower figure takes "
                               "every bounded formalisation at its latest possible date, the higher at its earliest."))
    return text


def median_text(medians: tuple[int | None, int | None], basis: str, lang: str = "en") -> Md:
    """The median wait, as a range when the bounds leave it open (``basis``: 'death' or
    'injury')."""
    lo, hi = medians
    if lo is None or hi is None:
        return Md(_(lang, "Fewer than half of the deaths had their case formalised by the as-of date under at least "
                          "one of the bounds, so the median wait is not defined: it is longer than the waits "
                          "observed so far."))
    days = (n_(lang, "{n} day", "{n} days", hi).format(n=i18n.number(lang, hi)) if lo == hi else
            _(lang, "{lower} to {upper} days").format(lower=i18n.number(lang, lo), upper=i18n.number(lang, hi)))
    years = _years(hi, lang) if lo == hi else _(lang, "{lower} to {upper}").format(
        lower=_years(lo, lang), upper=_years(hi, lang))
    template = (_(lang, "Half of the deaths had their case formalised within {t} (about {y} years) of the death.")
                if basis == "death" else
                _(lang, "Half of the deaths had their case formalised within {t} (about {y} years) of the injury."))
    return markup.md(template, t=days, y=years)


def basis_text(date_basis: str, lang: str = "en") -> str:
    """'date of death' / 'date of injury', in words."""
    return _(lang, "date of death") if date_basis == "date_of_death" else _(lang, "date of injury")
