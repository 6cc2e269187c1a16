"""The justice chapter's reader tables, in the reader's language ``lang``: headers,
captions, stage, kind and status labels translated, dates written out in the locale's
short form, values from the data escaped by :func:`peru_protests.report.markdown_table`.
Each function returns the numbered MyST table (trusted markup)."""

from __future__ import annotations

import pandas as pd

from peru_protests import i18n, report
from peru_protests.i18n import _, p_
from peru_protests.markup import Md


def stage_label(stage: str, lang: str = "en") -> str:
    labels = {"opened": p_(lang, "stage", "Opened"),
              "preliminary": p_(lang, "stage", "Preliminary investigation"),
              "formalised": p_(lang, "stage", "Formalised (preparatory investigation)"),
              "accusation": p_(lang, "stage", "Accusation"),
              "trial": p_(lang, "stage", "Trial"),
              "judgement": p_(lang, "stage", "Judgement"),
              "archived": p_(lang, "stage", "Archived"),
              "transferred": p_(lang, "stage", "Transferred"),
              "other": p_(lang, "stage", "Other step"),
              "not yet opened": p_(lang, "stage", "Not yet opened"),
              "no dated step": p_(lang, "stage", "No dated step"),
              "no case found": p_(lang, "stage", "No case found")}
    return labels.get(stage, stage)


def kind_label(kind: str, lang: str = "en") -> str:
    labels = {"killing_investigation": p_(lang, "case kind", "Investigations of the killings and injuries"),
              "officials_investigation": p_(lang, "case kind", "Cases against the president and ministers"),
              "protester_prosecution": p_(lang, "case kind", "Cases against protesters")}
    return labels.get(kind, kind)


def status_label(status: str, lang: str = "en") -> str:
    labels = {"open": p_(lang, "case status", "Open"), "archived": p_(lang, "case status", "Archived"),
              "met": p_(lang, "recommendation", "Met"), "partly_met": p_(lang, "recommendation", "Partly met"),
              "not_met": p_(lang, "recommendation", "Not met"), "unknown": p_(lang, "recommendation", "Unknown"),
              "not_yet_assessed": p_(lang, "recommendation", "Not assessed by then")}
    return labels.get(status, stage_label(status, lang))


def law_kind(kind: str, lang: str = "en") -> str:
    labels = {"law": p_(lang, "law kind", "Laws"), "decree": p_(lang, "law kind", "Decrees"),
              "court_decision": p_(lang, "law kind", "Court decisions"),
              "institutional": p_(lang, "law kind", "Prosecution service"), "bill": p_(lang, "law kind", "Bills")}
    return labels.get(kind, kind)


def _day(value, lang: str) -> str:
    return i18n.day(lang, value, short=True) if pd.notna(value) else ""


def _days(series: pd.Series, lang: str) -> list[str]:
    return [_day(v, lang) for v in series]


def _count(series: pd.Series) -> list:
    return [("" if pd.isna(v) else int(v)) for v in series]


def victims(paths: pd.DataFrame, names: pd.Series, titles: dict, lang: str = "en") -> Md:
    """Each death, its case(s) and the stage reached (``tbl-justice-victims``)."""
    cases = [[titles[c] for c in cell.split(";") if c] for cell in paths["cases"]]
    stage = [stage_label(s, lang) + (" " + p_(lang, "case status", "(archived)") if st == "archived" else "")
             for s, st in zip(paths["stage"], paths["status"])]
    table = pd.DataFrame({
        p_(lang, "table header", "Record"): paths["death_id"],
        p_(lang, "table header", "Name as published"): paths["name_published"].fillna(_(lang, "(not published)")),
        p_(lang, "table header", "Date of death"): _days(paths["date_of_death"], lang),
        p_(lang, "table header", "Department"): paths["department_code"].map(names).fillna(_(lang, "unknown")),
        p_(lang, "table header", "Cases"): [i18n.listing(lang, c) if c else _(lang, "none found") for c in cases],
        p_(lang, "table header", "Stage reached"): stage,
        p_(lang, "table header", "Formalised on"): _days(paths["formalised_on"], lang)})
    return report.markdown_table(table, _(lang, "Each death, its case and the stage reached by the as-of date"),
                                 "tbl-justice-victims")


def cases(states: pd.DataFrame, lang: str = "en") -> Md:
    """The cases and the stage each had reached (``tbl-justice-cases``)."""
    table = pd.DataFrame({
        p_(lang, "table header", "Case"): states["title"],
        p_(lang, "table header", "Kind"): [kind_label(k, lang) for k in states["kind"]],
        p_(lang, "table header", "Opened (known date)"): _days(states["opened"], lang),
        p_(lang, "table header", "First dated step"): _days(states["first_step"], lang),
        p_(lang, "table header", "Stage reached"): [stage_label(s, lang) for s in states["stage"]],
        p_(lang, "table header", "Status"): [status_label(s, lang) for s in states["status"]],
        p_(lang, "table header", "Formalised on"): _days(states["formalised_on"], lang),
        p_(lang, "table header", "Archived on"): _days(states["archived_on"], lang),
        p_(lang, "table header", "Transfers"): states["transfers"]})
    return report.markdown_table(table, _(lang, "The cases and the stage each had reached by the as-of date"),
                                 "tbl-justice-cases")


def laws(laws: pd.DataFrame, lang: str = "en") -> Md:
    """Laws and decisions bearing on accountability, numbered (``tbl-justice-laws``)."""
    table = pd.DataFrame({
        p_(lang, "table header", "No."): laws["number"],
        p_(lang, "table header", "Date"): _days(laws["date"], lang),
        p_(lang, "table header", "Kind"): [law_kind(k, lang) for k in laws["kind"]],
        p_(lang, "table header", "Law or decision"): laws["title"],
        p_(lang, "table header", "How it bears on accountability"): laws["effect"]})
    return report.markdown_table(table, _(lang, "Laws and decisions bearing on accountability, up to the as-of date"),
                                 "tbl-justice-laws")


def suspects(outcome: pd.DataFrame, lang: str = "en") -> Md:
    """Suspects by case and what became of the case (``tbl-justice-suspects``)."""
    table = pd.DataFrame({
        p_(lang, "table header", "Case"): outcome["title"],
        p_(lang, "table header", "Kind"): [kind_label(k, lang) for k in outcome["kind"]],
        p_(lang, "table header", "Latest suspect figure on"): _days(outcome["reported_on"], lang),
        p_(lang, "table header", "Suspects"): _count(outcome["suspects"]),
        p_(lang, "table header", "Police"): _count(outcome["police"]),
        p_(lang, "table header", "Military"): _count(outcome["military"]),
        p_(lang, "table header", "Commanders or officials"): _count(outcome["officials"]),
        p_(lang, "table header", "Stage reached"): [stage_label(s, lang) for s in outcome["stage"]],
        p_(lang, "table header", "Status"): [status_label(s, lang) for s in outcome["status"]],
        p_(lang, "table header", "Archived on"): _days(outcome["archived_on"], lang)})
    return report.markdown_table(table, _(lang, "Suspects by case and what became of the case (empty: not reported)"),
                                 "tbl-justice-suspects")


def officials(steps: pd.DataFrame, titles: dict, lang: str = "en") -> Md:
    """The cases against the president and her ministers, step by step (``tbl-justice-officials``)."""
    table = pd.DataFrame({
        p_(lang, "table header", "No."): steps["number"],
        p_(lang, "table header", "Date"): _days(steps["date"], lang),
        p_(lang, "table header", "Case"): steps["case_id"].map(titles),
        p_(lang, "table header", "Step"): [stage_label(s, lang) for s in steps["stage"]],
        p_(lang, "table header", "Officials named"): _count(steps["suspects_officials"]),
        p_(lang, "table header", "What happened"): steps["description"]})
    return report.markdown_table(table, _(lang, "The cases against President Boluarte and her ministers, step by step"),
                                 "tbl-justice-officials")


def team(team: pd.DataFrame, team_name: str, lang: str = "en") -> Md:
    """The decisions about the special team (``tbl-justice-team``)."""
    if team.empty:
        return report.markdown_table(
            pd.DataFrame({p_(lang, "table header", "Date"): [], p_(lang, "table header", "Decision"): []}),
            _(lang, "Decisions about the special team ({name}): none by the as-of date").format(name=team_name),
            "tbl-justice-team")
    table = pd.DataFrame({
        p_(lang, "table header", "Date"): _days(team["date"], lang),
        p_(lang, "table header", "Kind"): [law_kind(k, lang) for k in team["kind"]],
        p_(lang, "table header", "Decision"): team["title"],
        p_(lang, "table header", "What it did"): team["effect"]})
    return report.markdown_table(table, _(lang, "Decisions about the special team ({name})").format(name=team_name),
                                 "tbl-justice-team")


def other_figures(other: pd.DataFrame, lang: str = "en") -> Md:
    """The other figures, and those for one region, operation or case (``tbl-justice-other``)."""
    exactness = {"exact": _(lang, "exact"), "at_least": _(lang, "at least"), "about": _(lang, "about")}
    table = pd.DataFrame({
        p_(lang, "table header", "Date"): _days(other["date"], lang),
        p_(lang, "table header", "Reported by"): other["organisation"],
        p_(lang, "table header", "What is counted"): other["counts"],
        p_(lang, "table header", "Figure"): [i18n.number(lang, int(v)) for v in other["value"]],
        p_(lang, "table header", "Exactness"): [exactness.get(q, q) for q in other["qualifier"]]})
    return report.markdown_table(table, _(lang, "Other figures reported on the investigations, protesters and the "
                                                "team, and figures for one region, operation or case"),
                                 "tbl-justice-other")


def kinds_compared(compare: pd.DataFrame, lang: str = "en") -> Md:
    """The three kinds of case side by side (``tbl-justice-compare``)."""
    table = pd.DataFrame({
        p_(lang, "table header", "Kind of case"): [kind_label(k, lang) for k in compare["kind"]],
        p_(lang, "table header", "Cases in the data"): compare["cases"],
        p_(lang, "table header", "With a dated step"): compare["dated"],
        p_(lang, "table header", "Formalised or beyond"): compare["formalised_or_beyond"],
        p_(lang, "table header", "With a judgement"): compare["judgement"],
        p_(lang, "table header", "Archived"): compare["archived"],
        p_(lang, "table header", "First judgement"): _days(compare["first_judgement"], lang),
        p_(lang, "table header", "First archived"): _days(compare["first_archived"], lang)})
    return report.markdown_table(table, _(lang, "The three kinds of case side by side, as of the as-of date"),
                                 "tbl-justice-compare")


def recommendations(recs: pd.DataFrame, lang: str = "en") -> Md:
    """Recommendations, their status and the evidence (``tbl-justice-recommendations``)."""
    table = pd.DataFrame({
        p_(lang, "table header", "Made on"): _days(recs["date"], lang),
        p_(lang, "table header", "Organisation"): recs["organisation"],
        p_(lang, "table header", "Recommendation"): recs["recommendation"],
        p_(lang, "table header", "Status"): [status_label(s, lang) for s in recs["status_then"]],
        p_(lang, "table header", "Evidence dated"): _days(recs["status_as_of"], lang),
        p_(lang, "table header", "Evidence"): recs["evidence"]})
    return report.markdown_table(table, _(lang, "Recommendations, their status and the evidence"),
                                 "tbl-justice-recommendations")
