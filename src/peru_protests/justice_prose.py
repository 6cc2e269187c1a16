"""Sentences and reader tables of the justice chapter's sections (where each case stood,
the cases step by step, the suspects, the special team, protesters, recommendations, the
gaps and how sure the chapter is). Every function takes the reader's language ``lang``;
data values pass through the escaping layer; internal names (ids, columns, parameters,
files) never reach the reader."""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n, markup
from peru_protests.i18n import _, n_, p_
from peru_protests.justice_text import share_range
from peru_protests.markup import Md

QUALIFIERS = {"exact": "", "at_least": "at least {v}", "about": "about {v}"}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def category_text(categories, lang: str = "en") -> str:
    """The deaths a selection of categories counts, in words: 'all deaths', or the groups
    ('civilians killed in clashes with security forces and deaths after detention')."""
    from peru_protests import timeline

    if categories is None:
        return _(lang, "all deaths")
    groups = dict.fromkeys(timeline.GROUP_OF_CATEGORY[c] for c in categories)
    return i18n.listing(lang, [p_(lang, "deaths counted", timeline.GROUP_LABELS[g]).lower() for g in groups])


def as_of_text(day, is_latest: bool, lang: str = "en") -> Md:
    """'12 March 2026 (the latest date in the book's justice records)'."""
    text = i18n.day(lang, day)
    return markup.md(_(lang, "{day} (the latest date in the book's justice records)") if is_latest else "{day}", day=text)


def selection_text(categories, ombudsman_final, lang: str = "en") -> Md:
    """Which deaths the chapter counts, in words."""
    statuses = {"counted": _(lang, "counted"), "unresolved": _(lang, "unresolved"), "excluded": _(lang, "excluded")}
    return markup.md(_(lang, "{groups}, among the people whose status in the Ombudsman's final list is {statuses}"),
        groups=category_text(categories, lang),
        statuses=i18n.listing(lang, [statuses.get(s, s.replace("_", " ")) for s in ombudsman_final], "or"))


def waiting_text(n_not_yet: int, n_undated: int, lang: str = "en") -> Md:
    """The deaths whose case was not yet opened, or is in a file that nothing dates."""
    parts = []
    if n_not_yet:
        parts.append(markup.md(n_(lang, "{k} death was in a case that had not yet been opened",
                                  "{k} deaths were in a case that had not yet been opened", n_not_yet), k=n_not_yet))
    if n_undated:
        parts.append(markup.md(n_(lang, "{k} death was in a case file that no source dates by then (its opening date "
                                        "is unknown)",
                                  "{k} deaths were in a case file that no source dates by then (its opening date is "
                                  "unknown)", n_undated), k=n_undated))
    if not parts:
        return Md(_(lang, "No death counted here was in a case that had not yet been opened or that nothing dates."))
    return markup.md(_(lang, "Of the others, {parts}."), parts=Md(i18n.listing(lang, parts)))


def person(row, lang: str = "en") -> str:
    """A dead person as the sources name them (initials for a minor, as published)."""
    name = row["name_published"]
    return name if isinstance(name, str) and name else _(lang, "a person whose name is not published")


def no_case_text(no_case: pd.DataFrame, lang: str = "en") -> Md:
    """The deaths in no prosecutor's file, named when there are at most ten."""
    k = len(no_case)
    if not k:
        return Md(_(lang, "Every death counted here is listed in at least one prosecutor's file."))
    if k <= 10:
        names = i18n.listing(lang, i18n.sorted_text(lang, [markup.escape(person(r, lang)) for _i, r in no_case.iterrows()]))
        text = markup.md(n_(lang, "The data place {k} death in no prosecutor's file at all: {names}.",
                            "The data place {k} deaths in no prosecutor's file at all: {names}.", k), k=k,
                         names=Md(names))
    else:
        text = markup.md(n_(lang, "The data place {k} death in no prosecutor's file at all; it is marked in the table "
                                  "of deaths below.",
                            "The data place {k} deaths in no prosecutor's file at all; they are marked in the table "
                            "of deaths below.", k), k=k)
    return text + Md(" " + n_(lang, "The sources used found no investigation of this death; that is not proof that "
                                    "none exists.",
                              "The sources used found no investigation of these deaths; that is not proof that none "
                              "exists.", k))


def kinds_text(states: pd.DataFrame, kind_labels: dict, lang: str = "en") -> Md:
    """'5 investigations of the killings, 3 cases against ...': cases per kind."""
    forms = {"killing_investigation": ("{n} investigation of the killings and injuries",
                                       "{n} investigations of the killings and injuries"),
             "officials_investigation": ("{n} case against the president and ministers",
                                         "{n} cases against the president and ministers"),
             "protester_prosecution": ("{n} case against protesters", "{n} cases against protesters")}
    parts = []
    for kind in kind_labels:
        n = int((states["kind"] == kind).sum())
        if n:
            parts.append(n_(lang, *forms[kind], n).format(n=n))
    return markup.md("{t}", t=i18n.listing(lang, parts) if parts else p_(lang, "no items", "none"))


def dated_gaps_text(gaps: dict, n_not_drawn: int, lang: str = "en") -> Md:
    """Of the investigations of the killings, how many have no known opening date or no
    dated step, and how many cases the figure leaves off."""
    n, o = gaps["cases"], gaps["no_opening_date"]
    if o:
        text = markup.md(n_(lang, "Of the {n} investigations of the killings and injuries, {o} has no known opening "
                                  "date, so it appears on the axis only from its first dated step",
                            "Of the {n} investigations of the killings and injuries, {o} have no known opening date, "
                            "so they appear on the axis only from their first dated step", o), n=n, o=o)
    else:
        text = markup.md(n_(lang, "The {n} investigation of the killings and injuries has a known opening date",
                            "All {n} investigations of the killings and injuries have a known opening date", n), n=n)
    s = gaps["no_dated_step"]
    text += (markup.md(n_(lang, ", and {s} has no dated step at all.", ", and {s} have no dated step at all.", s), s=s)
             if s else Md("."))
    text += Md(" ") + (markup.md(n_(lang, "{k} case of any kind that nothing dates by the as-of date is left off "
                                          "the figure.",
                                    "{k} cases of any kind that nothing dates by the as-of date are left off the "
                                    "figure.", n_not_drawn), k=n_not_drawn)
                       if n_not_drawn else Md(_(lang, "Every case has a dated step by the as-of date.")))
    return text


def opening_gaps_text(gaps: dict, lang: str = "en") -> Md:
    """'2 of the 5 investigations of the killings have no known opening date.'"""
    n, k = gaps["cases"], gaps["no_opening_date"]
    if not k:
        return markup.md(n_(lang, "The {n} investigation of the killings has a known opening date.",
                            "All {n} investigations of the killings have a known opening date.", n), n=n)
    return markup.md(n_(lang, "{k} of the {n} investigations of the killings has no known opening date.",
                        "{k} of the {n} investigations of the killings have no known opening date.", k), k=k, n=n)


def bounded_text(n_bounded: int, lang: str = "en") -> Md:
    if not n_bounded:
        return Md(_(lang, "Every formalisation date of an investigation of the killings is known to the day."))
    return markup.md(n_(lang, "{k} investigation of the killings has a formalisation date known only within bounds.",
                        "{k} investigations of the killings have a formalisation date known only within bounds.",
                        n_bounded), k=n_bounded)


def accused_text(n_accused_cases: int, lang: str = "en") -> Md:
    if n_accused_cases == 0:
        return Md(_(lang, "No investigation of the killings had reached an accusation by the as-of date."))
    return markup.md(n_(lang, "{k} investigation of the killings had reached an accusation by the as-of date.",
                        "{k} investigations of the killings had reached an accusation by the as-of date.",
                        n_accused_cases), k=n_accused_cases)


def officials_text(off_states: pd.DataFrame, titles: dict, lang: str = "en") -> Md:
    """How many cases against the president and ministers existed, how many were archived
    (and when), and how far the furthest had gone."""
    n = len(off_states)
    if not n:
        return Md(_(lang, "No case against the president or her ministers had a dated step by the as-of date."))
    text = markup.md(n_(lang, "The president and her ministers were investigated in {n} case with a dated step: ",
                        "The president and her ministers were investigated in {n} cases with a dated step: ", n), n=n)
    text += Md(_(lang, "the Attorney General's own file and the constitutional complaints that only Congress can let "
                       "proceed against a sitting president."))
    archived = off_states[off_states["status"] == "archived"].sort_values("archived_on")
    if len(archived):
        items = [markup.md(_(lang, "{case} on {day}"), case=titles.get(r["case_id"], ""),
                           day=i18n.day(lang, r["archived_on"])) for _i, r in archived.iterrows()]
        text += markup.md(n_(lang, " By the as-of date {k} had been archived: {items}.",
                             " By the as-of date {k} had been archived: {items}.", len(archived)),
                          k=len(archived), items=Md(i18n.listing(lang, items)))
    still = n - len(archived)
    text += (markup.md(n_(lang, " {k} was still open.", " {k} were still open.", still), k=still) if still
             else Md(" " + _(lang, "None was still open.")))
    text += Md(" " + (_(lang, "None had gone beyond a preliminary investigation.") if off_states["rank"].max() <= 2
                      else _(lang, "None had gone beyond formalisation.")))
    return text


def team_text(team: pd.DataFrame, team_name: str, lang: str = "en") -> Md:
    """The decisions about the special team of prosecutors, first and last."""
    k = len(team)
    if not k:
        return markup.md(_(lang, "The book's record of laws and decisions holds no decision about a team named {name} "
                                 "by the as-of date."), name=team_name)
    first, final = team.iloc[0], team.iloc[-1]
    if k == 1:
        return markup.md(_(lang, "The book's record of laws and decisions holds one decision about the special team "
                                 "({name}) by the as-of date: {title}, on {day}."),
                         name=team_name, title=first["title"], day=i18n.day(lang, first["date"]))
    return markup.md(n_(lang, "The book's record of laws and decisions holds {k} decision about the special team "
                              "({name}) by the as-of date, from {first} ({t1}) to {last} ({t2}).",
                        "The book's record of laws and decisions holds {k} decisions about the special team "
                        "({name}) by the as-of date, from {first} ({t1}) to {last} ({t2}).", k),
                     k=k, name=team_name, first=i18n.day(lang, first["date"]), t1=first["title"],
                     last=i18n.day(lang, final["date"]), t2=final["title"])


MEASURES = {
    "prosecutors_assigned": "Prosecutors assigned",
    "cases_open": "Investigations open",
    "cases_formalised": "Investigations formalised",
    "cases_archived": "Files archived",
    "victims_in_cases": "Victims (dead and injured) in the files",
    "protesters_detained": "Protesters detained",
    "protesters_prosecuted": "Protesters under criminal investigation",
    "reparations_paid": "People paid the one-off support",
}


def figure_value(value, qualifier: str, lang: str = "en") -> str:
    """'1,200', 'at least 1,200' or 'about 1,200'."""
    v = i18n.number(lang, int(value))
    if qualifier == "at_least":
        return _(lang, "at least {v}").format(v=v)
    if qualifier == "about":
        return _(lang, "about {v}").format(v=v)
    return v


def figures_table(series: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Every national figure reported on the team's staffing, caseload and results and on
    protesters, one row per figure: what it counts, the figure (with 'at least' or
    'about' as reported), its date and who reported it; measures in a fixed reading order,
    then by date and reporter (locale order)."""
    order = {m: i for i, m in enumerate(MEASURES)}
    rows = series[series["measure"].isin(list(MEASURES))].copy()
    rows["_m"] = rows["measure"].map(order)
    rows["_o"] = rows["organisation"].map(i18n.sort_key(lang))
    rows = rows.sort_values(["_m", "date", "_o"], kind="stable")
    return pd.DataFrame({
        p_(lang, "table header", "What is counted"): [_(lang, MEASURES[m]) for m in rows["measure"]],
        p_(lang, "table header", "Figure"): [figure_value(v, q, lang) for v, q in zip(rows["value"], rows["qualifier"])],
        p_(lang, "table header", "Date"): [i18n.day(lang, d, short=True) for d in rows["date"]],
        p_(lang, "table header", "Reported by"): list(rows["organisation"])})


def figures_table_md(series: pd.DataFrame, lang: str = "en") -> Md:
    """:func:`figures_table` as a numbered table (``tbl-justice-figures``)."""
    from peru_protests import report

    return report.markdown_table(figures_table(series, lang),
                                 _(lang, "Figures reported on the special team's staffing, caseload and results, "
                                         "and national figures on protesters, as reported"), "tbl-justice-figures")


def largest_figure(series: pd.DataFrame, measure: str, lang: str = "en") -> Md | None:
    """The largest figure reported for ``measure`` (the latest of equal ones), with its date
    and reporter; ``None`` when there is none."""
    rows = series[series["measure"] == measure].sort_values(["value", "date"])
    if rows.empty:
        return None
    r = rows.iloc[-1]
    return markup.md(_(lang, "{v} (on {day}, according to {who})"), v=figure_value(r["value"], r["qualifier"], lang),
                     day=i18n.day(lang, r["date"]), who=r["organisation"])


def protesters_text(series: pd.DataFrame, lang: str = "en") -> Md:
    detained = largest_figure(series, "protesters_detained", lang)
    prosecuted = largest_figure(series, "protesters_prosecuted", lang)
    bits = []
    if detained is not None:
        bits.append(markup.md(_(lang, "the largest reported count of people detained in the protests is {x}"),
                              x=detained))
    if prosecuted is not None:
        bits.append(markup.md(_(lang, "the largest count of protesters under criminal investigation is {x}"),
                              x=prosecuted))
    if not bits:
        return Md(_(lang, "The data hold no count of protesters detained or prosecuted by the as-of date."))
    joined = markup.join(bits, "; ")
    return Md(_capital(joined) + ".")


def compare_text(compare: pd.DataFrame, first_death, lang: str = "en") -> Md:
    """The first judgement in a case against protesters against the judgements in the
    investigations of the killings."""
    by_kind = compare.set_index("kind")
    first = by_kind.loc["protester_prosecution", "first_judgement"]
    j = int(by_kind.loc["killing_investigation", "judgement"])
    killings = (Md(_(lang, "no investigation of the killings had reached a judgement by the as-of date")) if j == 0 else
                markup.md(n_(lang, "the investigations of the killings had reached {j} judgement by the as-of date",
                             "the investigations of the killings had reached {j} judgements by the as-of date", j), j=j))
    if pd.isna(first):
        return markup.md(_(lang, "No case against protesters in the data had reached a judgement by the as-of date, "
                                 "and {killings}."), killings=killings)
    text = markup.md(_(lang, "The first judgement in a case against protesters is dated {day}"),
                     day=i18n.day(lang, first))
    if pd.notna(first_death):
        k = int((first - first_death).days)
        text += markup.md(n_(lang, ", {k} day after the first death counted here",
                             ", {k} days after the first death counted here", k), k=k)
    return text + markup.md("; {killings}.", killings=killings)


def _status(status: str, k: int, lang: str) -> str:
    forms = {"met": n_(lang, "{k} met", "{k} met", k),
             "partly_met": n_(lang, "{k} partly met", "{k} partly met", k),
             "not_met": n_(lang, "{k} not met", "{k} not met", k),
             "unknown": n_(lang, "{k} of unknown status", "{k} of unknown status", k),
             "not_yet_assessed": n_(lang, "{k} not yet assessed", "{k} not yet assessed", k)}
    return forms[status].format(k=k)


def status_text(recs: pd.DataFrame, order, lang: str = "en") -> Md:
    """'3 met, 2 partly met and 5 not met': recommendations by status."""
    counts = recs["status_then"].value_counts()
    parts = [_status(s, int(counts[s]), lang) for s in order if s in counts]
    return markup.md("{t}", t=i18n.listing(lang, parts) if parts else p_(lang, "no items", "none"))


def gaps_text(n_no_case: int, n_unlisted: int, n_other_in_case: int, n_other: int, lang: str = "en") -> Md:
    """The 'Deaths in no file' point of the chapter's list of gaps."""
    text = (markup.md(n_(lang, "{k} death counted here appears in no prosecutor's file in the data",
                         "{k} deaths counted here appear in no prosecutor's file in the data", n_no_case), k=n_no_case)
            if n_no_case else Md(_(lang, "Every death counted here appears in a prosecutor's file in the data")))
    text += (markup.md(n_(lang, ", and {k} investigation of the killings does not say which deaths it covers.",
                          ", and {k} investigations of the killings do not say which deaths they cover.", n_unlisted),
                       k=n_unlisted) if n_unlisted else
             Md(_(lang, ", and every investigation of the killings says which deaths it covers.")))
    if n_other:
        text += markup.md(n_(lang, " Of the deaths in the other categories (not counted in this chapter's selection), "
                                   "{k} of {n} appears in a case file.",
                             " Of the deaths in the other categories (not counted in this chapter's selection), "
                             "{k} of {n} appear in a case file.", n_other), k=n_other_in_case, n=n_other)
    return text


def how_sure(funnel_counts: dict, waits: pd.DataFrame, n_no_case: int, n_unlisted: int, n_accused_cases: int,
             categories, lang: str = "en") -> dict[str, Md]:
    """The chapter's closing box, in plain words: what is solid, what depends on choices,
    what these data cannot tell (keys solid, choices, unknown: one paragraph each);
    ``categories``: the death categories counted (None: all)."""
    categories_text = category_text(categories, lang)
    from peru_protests import censoring

    dated = waits.dropna(subset=["earliest_days"])
    bounded = censoring.bounded_deaths(dated)
    solid = markup.md(_(lang, "**Solid.** Where the cases stood, as the sources record them: of the {n} deaths counted, "
                              "{f} were in a case that had been formalised, {a} in one that had reached an accusation "
                              "and {j} in one with a judgement. These are counts of documented steps, not estimates."),
                      n=funnel_counts["deaths"], f=funnel_counts["formalised"], a=funnel_counts["accusation"],
                      j=funnel_counts["judgement"])
    solid += Md(" ") + accused_text(n_accused_cases, lang)
    longest = int(dated[["earliest_days", "latest_days"]].max().max()) if len(dated) else 0
    if longest >= 730:
        low, high = censoring.share_within_range(dated, 730)
        share = share_range(low, high, lang)
        solid += (markup.md(_(lang, " Within two years of the death, {s} of the deaths had their case formalised, "
                                    "whichever of the possible dates is taken."), s=share)
                  if share == i18n.percent(lang, low) else
                  markup.md(_(lang, " Within two years of the death, {s} of the deaths had their case formalised, "
                                    "depending on the bounded dates."), s=share))
    choices = markup.md(_(lang, "**Depends on choices.** Which deaths are counted ({c}), whether the wait runs from "
                                "the day of death or of the injury, and the as-of date."), c=categories_text)
    if longest >= 365:
        low, high = censoring.share_within_range(dated, 365)
        if share_range(low, high, lang) != i18n.percent(lang, low):
            choices += markup.md(n_(lang, " How fast the first year went depends on dates the sources only bound: for "
                                          "{k} death the formalisation is known only to lie within a range, so the "
                                          "share formalised within one year is a range ({r}) rather than a single "
                                          "figure.",
                                    " How fast the first year went depends on dates the sources only bound: for {k} "
                                    "deaths the formalisation is known only to lie within a range, so the share "
                                    "formalised within one year is a range ({r}) rather than a single figure.",
                                    len(bounded)), k=len(bounded), r=share_range(low, high, lang))
    items = []
    if len(bounded):
        items.append(Md(_(lang, "the exact day on which the bounded cases were formalised")))
    if n_no_case:
        items.append(markup.md(n_(lang, "whether the {k} death in no prosecutor's file in the data has one that the "
                                        "sources did not report",
                                  "whether the {k} deaths in no prosecutor's file in the data have one that the "
                                  "sources did not report", n_no_case), k=n_no_case))
    if n_unlisted:
        items.append(markup.md(n_(lang, "which deaths the {k} investigation of the killings that does not list them "
                                        "covers",
                                  "which deaths the {k} investigations of the killings that do not list them cover",
                                  n_unlisted), k=n_unlisted))
    if not items:
        items.append(Md(_(lang, "whether the record of steps is complete")))
    unknown = markup.md(_(lang, "**Cannot be known from these data.** {items}; and how the cases will end: the stages "
                                "do not separate a conviction from an acquittal, and suspects are counted per case, "
                                "not per person."), items=Md(_capital(markup.join(items, "; "))))
    return {"solid": solid, "choices": choices, "unknown": unknown}


def suspects_text(last: pd.Series, lang: str = "en") -> Md:
    """The suspects in the investigations of the killings on the as-of date (the latest
    figure each case reported, added up over cases: suspect-case pairs, not people)."""
    total, cases = int(last["total"]), int(last["cases_reporting"])
    if not total:
        return Md(_(lang, "by the as-of date no case had reported a suspect."))
    text = markup.md(n_(lang, "by the as-of date {n} suspect", "by the as-of date {n} suspects", total), n=total)
    text += markup.md(n_(lang, " in {k} case", " in {k} cases", cases), k=cases)
    text += markup.md(_(lang, ", of them {p} police and {m} military (the force of {u} is not reported), and {c} "
                              "regional or national commanders."),
                      p=int(last["police"]), m=int(last["military"]), u=int(last["force_not_reported"]),
                      c=int(last["officials"]))
    return text
