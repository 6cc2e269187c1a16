"""The timeline chapter's reader text: its key findings (and the two the home page shows),
and the sentences and tables that carry its numbers. Every function takes the numbers or
tables computed by :mod:`peru_protests.timeline` and a language; none computes a figure of
its own, so a sentence can never disagree with the table or chart it describes.

Reader text names no column, parameter, file or row id: those belong in the chapter's
collapsed "Method notes" (:func:`method_notes`).
"""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n, report
from peru_protests.i18n import _, n_, p_
from peru_protests.markup import Md, escape, md
from peru_protests.timeline import GROUP_LABELS

DATE_BASIS_WORDS = {"date_of_death": "date of death", "date_of_injury": "date of the lethal event"}


def group_label(group: str, lang: str) -> str:
    return p_(lang, "death group", GROUP_LABELS[group])


def date_basis_words(date_basis: str, lang: str) -> str:
    return _(lang, DATE_BASIS_WORDS[date_basis])


def _groups_sentence(totals: pd.Series, lang: str) -> str:
    """'49 civilians killed in clashes ..., 7 members of the police and the armed forces and
    11 deaths linked to road blockades' (groups without deaths left out)."""
    parts = []
    if totals.get("civilians_clashes", 0):
        parts.append(n_(lang, "{n} civilian killed in clashes with the security forces",
                        "{n} civilians killed in clashes with the security forces",
                        totals["civilians_clashes"]))
    if totals.get("security_forces", 0):
        parts.append(n_(lang, "{n} member of the police or the armed forces",
                        "{n} members of the police and the armed forces", totals["security_forces"]))
    if totals.get("blockade", 0):
        parts.append(n_(lang, "{n} death linked to road blockades", "{n} deaths linked to road blockades",
                        totals["blockade"]))
    if totals.get("custody", 0):
        parts.append(n_(lang, "{n} death after detention", "{n} deaths after detention", totals["custody"]))
    return i18n.listing(lang, [p.format(n=i18n.number(lang, int(totals[g]))) for p, g in
                               zip(parts, [g for g in ("civilians_clashes", "security_forces", "blockade", "custody")
                                           if totals.get(g, 0)])])


def toll(totals: pd.Series, first, last, final_total: int, final_as_of, lang: str, figure: str = "fig-timeline-deaths") -> Md:
    """The finding on the toll: how many died between the first and the last death, by
    group, set against the Ombudsman's final count (same, higher or lower)."""
    n = int(totals.sum())
    if n == 0:
        return cite(md(_(lang, "No death is counted in the selection.")), figure)
    text = md(n_(lang, "Between {first} and {last}, {n} person died: {groups}.",
                 "Between {first} and {last}, {n} people died: {groups}.", n),
              first=report.when(first, lang), last=report.when(last, lang), n=i18n.number(lang, n),
              groups=_groups_sentence(totals, lang))
    as_of = report.long_date(pd.Timestamp(final_as_of), lang)
    if n == final_total:
        compare = _(lang, "This is the Ombudsman's final count, dated {as_of}.")
    elif n > final_total:
        compare = _(lang, "This is more than the Ombudsman's final count of {final}, dated {as_of}.")
    else:
        compare = _(lang, "This is fewer than the Ombudsman's final count of {final}, dated {as_of}.")
    return cite(text + md(" " + compare, as_of=as_of, final=i18n.number(lang, final_total)), figure)


def deadliest_event(lethal: pd.DataFrame, lang: str, table: str = "tbl-timeline-lethal-events") -> Md:
    """The finding on the deadliest event: where, when, how many died (and how many of them
    on a later day)."""
    if lethal.empty:
        return md(_(lang, "No lethal event is recorded in the period shown."))
    worst = lethal.sort_values(["deaths", "date"], ascending=[False, True]).iloc[0]
    deaths = int(worst["deaths"])
    text = md(n_(lang, "The deadliest event was in {place} on {day}: {n} person died.",
                 "The deadliest event was in {place} on {day}: {n} people died.", deaths),
              place=worst["place"], day=report.long_date(worst["date"], lang), n=i18n.number(lang, deaths))
    later = int(worst["died_later"])
    if later:
        text += md(" " + n_(lang, "Of them, {n} died of their injuries on a later day.",
                            "Of them, {n} died of their injuries on a later day.", later),
                   n=i18n.number(lang, later))
    return cite(text, table)


def emergency(n_inside: int, n_outside: int, lang: str, figure: str = "fig-timeline-emergency") -> Md:
    """The finding on states of emergency: how many of the deaths with a known place and
    date happened under one."""
    known = n_inside + n_outside
    if known == 0:
        return md(_(lang, "No death in the selection has a known place and date."))
    text = md(n_(lang, "Of the {known} death whose place and date are known, {inside} ({share}) happened in a "
                 "department under a state of emergency or curfew on the day of the lethal event.",
                 "Of the {known} deaths whose place and date are known, {inside} ({share}) happened in a "
                 "department under a state of emergency or curfew on the day of the lethal event.", known),
              known=i18n.number(lang, known), inside=i18n.number(lang, n_inside),
              share=i18n.percent(lang, n_inside / known))
    return cite(text, figure)


def reporting_wait(lag: pd.DataFrame, lang: str, figure: str = "fig-timeline-official-count") -> Md:
    """The finding on how fast deaths entered a dated report: the median and longest wait."""
    known = lag.dropna(subset=["lag_days"])
    if known.empty:
        return md(_(lang, "No source cited for these deaths is dated to the day."))
    median = int(known["lag_days"].median())
    longest = int(known["lag_days"].max())
    text = md(n_(lang, "Half of the people appear in a report dated to the day within {median} day of their "
                 "death; the longest wait was {longest} days.",
                 "Half of the people appear in a report dated to the day within {median} days of their "
                 "death; the longest wait was {longest} days.", median),
              median=i18n.number(lang, median), longest=i18n.number(lang, longest))
    return cite(text, figure)


def cite(text: Md, label: str) -> Md:
    """``text`` with a ``{numref}`` link to ``label`` before its final full stop."""
    body = text[:-1] if text.endswith(".") else text
    return Md(body) + md(" ({{numref}}`{label}`).", label=Md(label))


def bullets(items) -> Md:
    """A Markdown bullet list of trusted sentences."""
    return Md("\n").join(md("- {}", item) for item in items)


def _in(value, lang: str) -> Md:
    """A finding in ``lang``: a chapter passes the :class:`~peru_protests.i18n.Both` it glued."""
    return value[lang] if isinstance(value, i18n.Both) else value


def key_findings(toll_text, event_text, emergency_text, wait_text, lang: str) -> Md:
    """The chapter's "Key findings" box content (bullets), from the findings already written
    (each an ``Md`` or an ``i18n.Both``)."""
    return bullets([_in(t, lang) for t in (toll_text, event_text, emergency_text, wait_text)])


def home_toll(totals: pd.Series, first, last, final_total: int, final_as_of, lang: str,
              figure: str = "fig-timeline-deaths") -> Md:
    """The toll in one short sentence for the home page, set against the final count."""
    n = int(totals.sum())
    as_of = report.long_date(pd.Timestamp(final_as_of), lang)
    if n == final_total:
        template = n_(lang, "Between {first} and {last}, {n} person died, as the Ombudsman's final count of {as_of} "
                      "also says.", "Between {first} and {last}, {n} people died, as the Ombudsman's final count of "
                      "{as_of} also says.", n)
    elif n > final_total:
        template = n_(lang, "Between {first} and {last}, {n} person died, more than the {final} of the Ombudsman's "
                      "final count of {as_of}.", "Between {first} and {last}, {n} people died, more than the {final} "
                      "of the Ombudsman's final count of {as_of}.", n)
    else:
        template = n_(lang, "Between {first} and {last}, {n} person died, fewer than the {final} of the Ombudsman's "
                      "final count of {as_of}.", "Between {first} and {last}, {n} people died, fewer than the {final} "
                      "of the Ombudsman's final count of {as_of}.", n)
    return cite(md(template, first=report.when(first, lang), last=report.when(last, lang), n=i18n.number(lang, n),
                   final=i18n.number(lang, final_total), as_of=as_of), figure)


def home_event(lethal: pd.DataFrame, lang: str, table: str = "tbl-timeline-lethal-events") -> Md:
    """The deadliest event in one short sentence (department, day, deaths)."""
    if lethal.empty:
        return md(_(lang, "No lethal event is recorded in the period shown."))
    worst = lethal.sort_values(["deaths", "date"], ascending=[False, True]).iloc[0]
    deaths = int(worst["deaths"])
    return cite(md(n_(lang, "The deadliest event was in {department} on {day}: {n} person died.",
                      "The deadliest event was in {department} on {day}: {n} people died.", deaths),
                   department=worst["department"], day=report.long_date(worst["date"], lang),
                   n=i18n.number(lang, deaths)), table)


def home_findings(toll_text, event_text, lang: str) -> Md:
    """The two findings the home page shows (the shared contract ``home_findings``): short
    sentences (two lines on a laptop), so that five findings fit on the first screen."""
    return bullets([_in(t, lang) for t in (toll_text, event_text)])


# --- the chapter's paragraphs ---------------------------------------------------------

def day_by_day(days_with_deaths: int, window_days: int, window_start, window_end, n_unresolved: int,
               final_org: str, lang: str) -> Md:
    """How many days of the period saw a death, and how the deaths table accounts for the
    final count."""
    text = md(n_(lang, "Of the {days} day from {start} to {end}, {with_deaths} saw at least one death.",
                 "Of the {days} days from {start} to {end}, {with_deaths} saw at least one death.", window_days),
              days=i18n.number(lang, window_days), start=report.long_date(window_start, lang),
              end=report.long_date(window_end, lang), with_deaths=i18n.number(lang, days_with_deaths))
    text += md(" " + _(lang, "The book's list of deaths accounts for the final count of the {org} person by person."),
               org=final_org)
    if n_unresolved:
        text += md(" " + n_(lang, "For {n} death, the sources do not say which of several candidates the "
                            "Ombudsman counted; it is counted here and flagged.",
                            "For {n} deaths, the sources do not say which of several candidates the "
                            "Ombudsman counted; they are counted here and flagged.", n_unresolved),
                   n=i18n.number(lang, n_unresolved))
    return text


def included(deaths: pd.DataFrame, ombudsman_final, lang: str) -> Md:
    """The deaths counted although the Ombudsman's final list does not include them, by
    name; empty when there are none."""
    extra = deaths[~deaths["ombudsman_final"].isin(list(ombudsman_final))]
    if extra.empty:
        return Md("")
    names = i18n.listing(lang, [escape(report.person(r, lang)) for _r, r in extra.iterrows()])
    return md(" " + n_(lang, "The deaths counted here include {n} that the Ombudsman's final list does not "
                       "({names}); the Ombudsman's own count is unchanged.",
                       "The deaths counted here include {n} that the Ombudsman's final list does not "
                       "({names}); the Ombudsman's own count is unchanged.", len(extra)),
              n=i18n.number(lang, len(extra)), names=Md(names))


def deadliest_days(top_days: pd.DataFrame, lang: str) -> Md:
    """'9 January 2023 (19 deaths, in Puno), 15 December 2022 (...) and ...'."""
    if top_days.empty:
        return md(_(lang, "Counted by the day of the lethal event, no day in the selection saw a death."))
    items = []
    for _r, r in top_days.iterrows():
        names = [p for p in str(r["departments"]).split(", ") if p]
        places = i18n.listing(lang, [escape(p) for p in i18n.sorted_text(lang, names)]) \
            if names else escape(_(lang, "an unknown department"))
        items.append(md(n_(lang, "{day} ({n} death, in {places})", "{day} ({n} deaths, in {places})", r["deaths"]),
                        day=report.long_date(r["date"], lang), n=i18n.number(lang, int(r["deaths"])), places=Md(places)))
    return md(_(lang, "Counted by the day of the lethal event, the deadliest days were {days}."),
              days=Md(i18n.listing(lang, items)))


def waves(n_waves: int, min_blockades: int, wave_gap_days: int, window_days: int, days_with_figures: int,
          lang: str) -> Md:
    """How the waves were found, how many there are, and how patchy the blockade counts are."""
    rule = md(n_(lang, "Counting a day as active when someone was fatally injured or when at least {n} road "
                 "blockade was reported nationally,",
                 "Counting a day as active when someone was fatally injured or when at least {n} road "
                 "blockades were reported nationally,", min_blockades), n=i18n.number(lang, min_blockades))
    gap = md(n_(lang, "and separating two waves when more than {n} quiet day lies between active days,",
                "and separating two waves when more than {n} quiet days lie between active days,", wave_gap_days),
             n=i18n.number(lang, wave_gap_days))
    found = md(n_(lang, "the data show {n} wave of protest", "the data show {n} waves of protest", n_waves),
               n=i18n.number(lang, n_waves))
    text = rule + Md(" ") + gap + Md(" ") + found + Md(" ({numref}`tbl-timeline-waves`, {numref}`fig-timeline-activity`).")
    text += md(" " + n_(lang, "The blockade counts come from different counters and have gaps: a national "
                        "figure exists for {with_figures} of the {days} day shown; the other days are left empty, "
                        "not filled in.",
                        "The blockade counts come from different counters and have gaps: a national "
                        "figure exists for {with_figures} of the {days} days shown; the other days are left empty, "
                        "not filled in.", window_days),
               days=i18n.number(lang, window_days), with_figures=i18n.number(lang, days_with_figures))
    return text


def emergencies(n_inside: int, n_outside: int, n_open_ended: int, n_announcement_day: int, lang: str) -> Md:
    """The paragraph on deaths under states of emergency, with its caveats."""
    text = md(n_(lang, "Of the deaths shown whose place and date are known, {inside} happened in a department under "
                 "a state of emergency or curfew on the day of the lethal event and {outside} outside one",
                 "Of the deaths shown whose place and date are known, {inside} happened in a department under "
                 "a state of emergency or curfew on the day of the lethal event and {outside} outside one",
                 n_inside), inside=i18n.number(lang, n_inside), outside=i18n.number(lang, n_outside))
    text += Md(" ({numref}`tbl-timeline-emergency`).")
    if n_open_ended:
        text += md(" " + n_(lang, "The data give no end date for {n} emergency; it is counted for its first day "
                            "only, so the share inside is, if anything, understated.",
                            "The data give no end date for {n} emergencies; they are counted for their first "
                            "day only, so the share inside is, if anything, understated.", n_open_ended),
                   n=i18n.number(lang, n_open_ended))
    if n_announcement_day:
        text += md(" " + n_(lang, "One emergency was only announced, on the day of deaths it would cover, and the "
                            "decree may have come after them: {n} death counted under an emergency is inside only "
                            "because of it, and could as well be counted outside.",
                            "One emergency was only announced, on the day of deaths it would cover, and the "
                            "decree may have come after them: {n} deaths counted under an emergency are inside "
                            "only because of it, and could as well be counted outside.", n_announcement_day),
                   n=i18n.number(lang, n_announcement_day))
    return text


def official_count(lag: pd.DataFrame, until, n_revisions: int, count_org: str, lang: str) -> Md:
    """The waits from death to first dated report, and the downward revisions."""
    known = lag.dropna(subset=["lag_days"])
    missing = len(lag) - len(known)
    if known.empty:
        text = md(_(lang, "No source cited for these deaths is dated to the day."))
    else:
        median, longest = int(known["lag_days"].median()), int(known["lag_days"].max())
        text = md(n_(lang, "Counted person by person, from the death to the first report that includes them, half "
                     "of the people waited {median} day or less; the longest wait was {longest} days.",
                     "Counted person by person, from the death to the first report that includes them, half "
                     "of the people waited {median} days or less; the longest wait was {longest} days.", median),
                  median=i18n.number(lang, median), longest=i18n.number(lang, longest))
    if missing:
        text += md(" " + n_(lang, "For {n} of the {total} people, the sources the book cites give no report dated "
                            "to the day up to {day}.",
                            "For {n} of the {total} people, the sources the book cites give no report dated "
                            "to the day up to {day}.", missing),
                   n=i18n.number(lang, missing), total=i18n.number(lang, len(lag)),
                   day=report.long_date(pd.Timestamp(until), lang))
    if n_revisions:
        text += md(" " + n_(lang, "Once, the {org} reported a total lower than in its report before.",
                            "{n} times, the {org} reported a total lower than in its report before.", n_revisions),
                   n=i18n.number(lang, n_revisions), org=count_org)
    else:
        text += md(" " + _(lang, "No report of the {org} quoted by the sources gave a lower total than the one "
                           "before."), org=count_org)
    return text


def counting(date_basis: str, n_range: int, n_outside: int, n_undated: int, lang: str) -> Md:
    """How the deaths are placed on the calendar, with what is left out."""
    text = md(_(lang, "Each death is one row of the book's data, with the sources that report it. This chapter "
                "places each death on its {basis} in {{numref}}`fig-timeline-deaths`, and on the day of the "
                "lethal event elsewhere."), basis=date_basis_words(date_basis, lang))
    if n_range:
        text += md(" " + n_(lang, "The sources give the date of {n} death only as a range; it is placed on the "
                            "first day of the range.",
                            "The sources give the date of {n} deaths only as a range; they are placed on the "
                            "first day of the range.", n_range), n=i18n.number(lang, n_range))
    if n_outside:
        text += md(" " + n_(lang, "{n} death dated outside the period shown is left out of the daily figures.",
                            "{n} deaths dated outside the period shown are left out of the daily figures.",
                            n_outside), n=i18n.number(lang, n_outside))
    if n_undated:
        text += md(" " + n_(lang, "{n} death that no source dates is left out as well.",
                            "{n} deaths that no source dates are left out as well.", n_undated),
                   n=i18n.number(lang, n_undated))
    text += md(" " + _(lang, "Days without a recorded death count as zero: the data list every death the sources "
                       "report, so an empty day means that no death was recorded. Protest counts are different: "
                       "a day without a reported figure is a gap, and it is shown as one."))
    return text


def method_notes(deaths: pd.DataFrame, ombudsman_final, lang: str) -> Md:
    """The collapsed "Method notes" block: the columns and row ids behind the words of the
    reader text (the parameters and their values are in the box on how the chapter was run)."""
    lines = [md(_(lang, "The chapter reads the data package's tables of deaths, events, daily activity, official "
                  "counts and sources (described in the Data chapter). Deaths are selected by their status in the "
                  "Ombudsman's final list (column {status}), grouped by {category} and placed on {injury} or "
                  "{death}; the waits are measured from {death} to the {published} date of the sources in "
                  "{sources}."),
                status=report_code("ombudsman_final"), category=report_code("category"),
                injury=report_code("date_of_injury"), death=report_code("date_of_death"),
                published=report_code("published"), sources=report_code("source_ids"))]
    extra = deaths[~deaths["ombudsman_final"].isin(list(ombudsman_final))]
    if len(extra):
        lines.append(md(_(lang, "Deaths added with the parameter {param}: {ids}."), param=report_code("include_deaths"),
                        ids=Md(", ").join(report_code(i) for i in extra["death_id"])))
    body = Md("\n\n").join(lines)
    return md("::::{{admonition}} {title}\n:class: dropdown method-notes\n\n{body}\n::::",
              title=_(lang, "Method notes"), body=body)


def report_code(value) -> Md:
    from peru_protests.markup import code

    return code(value)
