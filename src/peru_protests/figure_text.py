"""Titles, captions and alt texts of the figures of the timeline and data chapters, in
each language. An alt text states what the figure shows with its numbers, computed
from the data plotted (a reader who cannot see the chart gets its finding, not its form).
"""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n
from peru_protests.i18n import _, n_, p_
from peru_protests.markup import Md, md
from peru_protests.timeline import GROUP_LABELS


def group_label(lang: str, group: str) -> str:
    """A group of deaths as the figures name it."""
    return p_(lang, "figure", GROUP_LABELS[group])


def _deaths(lang: str, n: int) -> str:
    return n_(lang, "{n} death", "{n} deaths", n).format(n=i18n.number(lang, n))


# --- timeline: deaths per day ----------------------------------------------------------

def timeline_title(lang: str = "en") -> str:
    return _(lang, "Deaths per day and cumulative deaths, by group")


def timeline_caption(date_basis: str, lang: str = "en") -> Md:
    basis = _(lang, "date of death") if date_basis == "date_of_death" else _(lang, "date of injury")
    return md(_(lang, "Deaths per day (top) and cumulative deaths (bottom), by group. Each death is placed on "
                      "its {basis}. Numbered dotted lines mark the key events in {ref}."),
              basis=basis, ref=Md("{numref}`tbl-timeline-key-events`"))


def timeline_alt(daily: pd.DataFrame, lang: str = "en") -> str:
    """Total, the deadliest day and the deaths of each group, over the days plotted."""
    per_day = daily.sum(axis=1)
    total = int(per_day.sum())
    if total == 0:
        return _(lang, "No deaths from {first} to {last}.").format(first=i18n.day(lang, daily.index[0]),
                                                                   last=i18n.day(lang, daily.index[-1]))
    peak = per_day.idxmax()
    groups = [f"{group_label(lang, g)}: {i18n.number(lang, int(daily[g].sum()))}"
              for g in daily.columns if g in GROUP_LABELS and daily[g].sum() > 0]
    return _(lang, "{total} from {first} to {last}; the deadliest day was {peak} ({peak_n}). By group: "
                   "{groups}.").format(total=_deaths(lang, total), first=i18n.day(lang, daily.index[0]),
                                       last=i18n.day(lang, daily.index[-1]), peak=i18n.day(lang, peak),
                                       peak_n=_deaths(lang, int(per_day[peak])), groups="; ".join(groups))


# --- timeline: departments and weeks -------------------------------------------------------

def departments_title(lang: str = "en") -> str:
    return _(lang, "Deaths by department and week of the lethal event")


def departments_caption(lang: str = "en") -> Md:
    return md(_(lang, "Deaths by department and week of the lethal event (weeks start on Monday)."))


def departments_alt(table: pd.DataFrame, names: pd.Series | None = None, lang: str = "en") -> str:
    """The departments with most deaths and the deadliest department-week."""
    if table.empty or int(table.to_numpy().sum()) == 0:
        return _(lang, "No deaths in the weeks shown.")
    totals = table.sum(axis=1).sort_values(ascending=False, kind="stable")
    top = [f"{name} ({i18n.number(lang, int(n))})" for name, n in totals.head(3).items() if n > 0]
    stacked = table.stack()
    (dept, week), n = stacked.idxmax(), int(stacked.max())
    n_dep = int((totals > 0).sum())
    head = n_(lang, "{n} department with deaths", "{n} departments with deaths", n_dep).format(
        n=i18n.number(lang, n_dep))
    return head + _(lang, "; most deaths in {top}. The deadliest week was that of {week} in {dept} "
                          "({deaths}).").format(top=i18n.listing(lang, top), week=i18n.day(lang, week), dept=dept,
                                                deaths=_deaths(lang, n))


# --- timeline: protest activity ---------------------------------------------------------

def activity_title(lang: str = "en") -> str:
    return _(lang, "Road blockades reported nationally and deaths per day")


def activity_caption(lang: str = "en") -> Md:
    return md(_(lang, "Road blockades reported nationally (top; one marker per reported figure, by counting "
                      "source, hollow where the figure is a lower bound) and deaths by day of the lethal event "
                      "(bottom). Shaded: the waves of protest found with the parameters of this chapter."))


def activity_alt(blockades: pd.DataFrame, waves: pd.DataFrame, lang: str = "en") -> str:
    """The highest blockade figure, its day, and the waves."""
    if blockades.empty:
        head = _(lang, "No national road-blockade figure in the period.")
    else:
        top = blockades.sort_values(["value", "date"], ascending=[False, True]).iloc[0]
        head = _(lang, "The highest national figure was {n} road blockades, on {day}.").format(
            n=i18n.number(lang, int(top["value"])), day=i18n.day(lang, top["date"]))
    spans = [_(lang, "{start} to {end}").format(start=i18n.day(lang, w["start"]), end=i18n.day(lang, w["end"]))
             for _i, w in waves.iterrows()]
    waves_text = n_(lang, "{n} wave of protest", "{n} waves of protest", len(waves)).format(
        n=i18n.number(lang, len(waves)))
    return f"{head} {waves_text}" + (f": {'; '.join(spans)}." if spans else ".")


# --- timeline: states of emergency ---------------------------------------------------------

def emergency_title(lang: str = "en") -> str:
    return _(lang, "States of emergency, curfews and deaths, by department")


def emergency_caption(lang: str = "en") -> Md:
    return md(_(lang, "States of emergency and curfews (grey bands) in the departments where people died, and "
                      "deaths by date of the lethal event (circles, area by the number of deaths; filled: under "
                      "an emergency or curfew that day; hollow: outside one)."))


def emergency_alt(inside: pd.Series, lang: str = "en") -> str:
    known = inside.dropna().astype(bool)
    return _(lang, "Of the deaths with a known place and date, {inside} happened under a state of emergency or "
                   "curfew and {outside} outside one.").format(inside=_deaths(lang, int(known.sum())),
                                                              outside=_deaths(lang, int((~known).sum())))


# --- timeline: events by kind ---------------------------------------------------------------

def events_title(lang: str = "en") -> str:
    return _(lang, "Events of the period by kind")


def events_caption(lang: str = "en") -> Md:
    return md(_(lang, "Events of the period by kind. Numbers refer to {ref}."),
              ref=Md("{numref}`tbl-timeline-events`"))


def events_alt(lanes: pd.DataFrame, labels: dict[str, str], lang: str = "en") -> str:
    counts = lanes["kind"].value_counts()
    parts = [f"{p_(lang, 'figure', labels[k])}: {i18n.number(lang, int(counts[k]))}" for k in labels if k in counts]
    return n_(lang, "{n} event by kind", "{n} events by kind", len(lanes)).format(
        n=i18n.number(lang, len(lanes))) + (": " + "; ".join(parts) + "." if parts else ".")


# --- timeline: the official count --------------------------------------------------------

def official_title(lang: str = "en") -> str:
    return _(lang, "The official running count against the dates of death")


def official_caption(lang: str = "en") -> Md:
    return md(_(lang, "The official running count against the deaths in the data by date of death (top), and, "
                      "for each person, the days from the death to the first dated report that includes them "
                      "(bottom)."))


def official_alt(reports: pd.DataFrame, lag: pd.DataFrame, organisation: str, lang: str = "en") -> str:
    waits = lag["lag_days"].dropna().astype(int)
    last = reports.sort_values("as_of").iloc[-1] if len(reports) else None
    head = "" if last is None else _(lang, "The last total of the {org} shown is {n}, as of {day}.").format(
        org=organisation, n=i18n.number(lang, int(last["total"])), day=i18n.day(lang, last["as_of"]))
    if waits.empty:
        return head
    return (head + " " + _(lang, "From a death to the first report that included it: {median} days at the "
                                 "median, {max} at most.").format(median=i18n.number(lang, float(waits.median())),
                                                                  max=i18n.number(lang, int(waits.max())))).strip()


# --- data chapter ------------------------------------------------------------------------------

def counts_title(lang: str = "en") -> str:
    return _(lang, "Published death totals by the date they refer to")


def counts_caption(lang: str = "en") -> Md:
    return md(_(lang, "Death totals as each organisation published them, by the date they refer to. The "
                      "Ombudsman's running count is the step line; other organisations' totals are markers. Some "
                      "count only civilians, some add deaths the Ombudsman did not verify."))


def counts_alt(counts: pd.DataFrame, highlight: str, lang: str = "en") -> str:
    main = counts[counts["organisation"] == highlight].sort_values("as_of")
    others = counts[counts["organisation"] != highlight]
    parts = []
    if len(main):
        parts.append(_(lang, "The {org}'s running count rises from {first} on {first_day} to {last} on "
                             "{last_day}.").format(org=highlight, first=i18n.number(lang, int(main["total"].iloc[0])),
                                                   first_day=i18n.day(lang, main["as_of"].iloc[0]),
                                                   last=i18n.number(lang, int(main["total"].iloc[-1])),
                                                   last_day=i18n.day(lang, main["as_of"].iloc[-1])))
    if len(others):
        top = others.sort_values(["total", "as_of"], ascending=[False, True]).iloc[0]
        n_orgs = others["organisation"].nunique()
        parts.append(n_(lang, "Totals published by {n} other organisation", "Totals published by {n} other "
                              "organisations", n_orgs).format(n=i18n.number(lang, n_orgs))
                     + _(lang, "; the highest, {top} by {org} as of {day}.").format(
                         top=i18n.number(lang, int(top["total"])), org=top["organisation"],
                         day=i18n.day(lang, top["as_of"])))
    return " ".join(parts)


def overlap_title(lang: str = "en") -> str:
    return _(lang, "Which kinds of source document each death")


def overlap_caption(lang: str = "en") -> Md:
    return md(_(lang, "Deaths in the Ombudsman's list by the combination of source kinds that the data cite "
                      "for them."))


def overlap_alt(combos: pd.Series, labels: dict[str, str], lang: str = "en") -> str:
    """The most common combination of source kinds and how many deaths it covers."""
    if combos.empty:
        return _(lang, "No deaths to show.")
    combo, n = combos.idxmax(), int(combos.max())
    kinds = i18n.listing(lang, [p_(lang, "figure", labels[k]) for k in combo])
    return _(lang, "{total} in {n_combos} combinations of source kinds; the most common, {kinds}, documents "
                   "{n}.").format(total=_deaths(lang, int(combos.sum())), n_combos=i18n.number(lang, len(combos)),
                                  kinds=kinds, n=_deaths(lang, n))
