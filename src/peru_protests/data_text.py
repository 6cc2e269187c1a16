"""Reader text of the Data chapter and the Sources appendix: the sentences that carry
their counts (with proper plurals) and the tables they show, in either language.

Column names, file names and row ids appear only in the data dictionary and in the
collapsed "Method notes" blocks (:func:`copy_only_notes`), never in the sentences.
"""

from __future__ import annotations

import pandas as pd

from peru_protests import dictionary, i18n, report
from peru_protests.i18n import _, n_, p_
from peru_protests.markup import Md, code, md

SOURCE_KINDS = list(report.KIND_LABELS)


def _n(lang: str, value) -> str:
    return i18n.number(lang, int(value))


def tables_paragraph(n_tables: int, n_rows: int, n_deaths_rows: int, n_ombudsman: int, n_other: int,
                     n_sources: int, version: str, lang: str) -> Md:
    text = md(n_(lang, "The package holds {n} table with {rows} rows in all", "The package holds {n} tables with "
                 "{rows} rows in all", n_tables), n=_n(lang, n_tables), rows=_n(lang, n_rows))
    text += Md(" ({numref}`tbl-data-tables`). ")
    text += md(n_(lang, "The deaths table has one row per person ({rows} row): ",
                  "The deaths table has one row per person ({rows} rows): ", n_deaths_rows), rows=_n(lang, n_deaths_rows))
    text += md(n_(lang, "the {n} person in the Ombudsman's final list", "the {n} people in the Ombudsman's final list",
                  n_ombudsman), n=_n(lang, n_ombudsman))
    if n_other:
        text += md(n_(lang, ", and {n} further death that other tallies report but the Ombudsman does not count, "
                      "flagged as such.",
                      ", and {n} further deaths that other tallies report but the Ombudsman does not count, "
                      "flagged as such.", n_other), n=_n(lang, n_other))
    else:
        text += Md(".")
    text += md(" " + n_(lang, "Every row of every table cites at least one of the {n} source listed in the "
                        "appendix, and the validator rejects a row whose source is missing.",
                        "Every row of every table cites at least one of the {n} sources listed in the "
                        "appendix, and the validator rejects a row whose source is missing.", n_sources),
               n=_n(lang, n_sources))
    return text + md(" " + _(lang, "This is version {version} of the data."), version=version)


def totals_paragraph(n_counts: int, n_orgs: int, n_rules: int, n_same: int, n_lower: int, n_higher: int,
                     lang: str) -> Md:
    text = md(n_(lang, "The table of official counts records {n} total", "The table of official counts records "
                 "{n} totals", n_counts), n=_n(lang, n_counts))
    text += md(" " + n_(lang, "published by {n} organisation", "published by {n} organisations", n_orgs),
               n=_n(lang, n_orgs))
    text += Md(" ({numref}`fig-data-counts`). ")
    text += md(n_(lang, "{{numref}}`tbl-data-reconciliation` rebuilds {n} of them from the list of deaths with a "
                  "stated inclusion rule and compares the two with no tolerance:",
                  "{{numref}}`tbl-data-reconciliation` rebuilds {n} of them from the list of deaths with a "
                  "stated inclusion rule and compares the two with no tolerance:", n_rules), n=_n(lang, n_rules))
    parts = [md(n_(lang, "{n} comes out the same as published", "{n} come out the same as published", n_same),
                n=_n(lang, n_same))]
    if n_lower:
        parts.append(md(n_(lang, "{n} lower", "{n} lower", n_lower), n=_n(lang, n_lower)))
    if n_higher:
        parts.append(md(n_(lang, "{n} higher", "{n} higher", n_higher), n=_n(lang, n_higher)))
    text += Md(" ") + Md(i18n.listing(lang, parts)) + Md(". ")
    return text + md(_(lang, "The notes under the table say why a total differs, and which assumptions each "
                          "rule makes."))


def sources_per_death_sentence(median: int, low: int, high: int, lang: str) -> Md:
    return md(n_(lang, "Each death is cited by {median} source at the median (from {low} to {high}).",
                 "Each death is cited by {median} sources at the median (from {low} to {high}).", median),
              median=_n(lang, median), low=_n(lang, low), high=_n(lang, high))


def resources_table(descriptor: dict, counts: dict, lang: str) -> Md:
    table = dictionary.resources_table(descriptor, counts, lang)
    return report.markdown_table(table, _(lang, "The tables of the data package"), "tbl-data-tables", lang)


def reconciliation_table(reconciled: pd.DataFrame, verdict_words: list, lang: str, rules=None, deaths=None) -> Md:
    """The published totals beside the totals rebuilt from the deaths; with ``rules`` and
    ``deaths``, each rule is written out in ``lang`` (:func:`rule_text`)."""
    if rules is not None:
        by_id = {r.count_id: r for r in rules}
        reconciled = reconciled.assign(rule=[rule_text(by_id[c], deaths, lang) for c in reconciled["count_id"]])
    table = reconciled.assign(no=range(1, len(reconciled) + 1), verdict=verdict_words)[
        ["no", "organisation", "as_of", "published", "derived", "verdict", "rule", "derived_without_unresolved"]]
    table.columns = [_(lang, "No."), _(lang, "Organisation"), _(lang, "As of"), _(lang, "Published"),
                     _(lang, "Derived"), _(lang, "Derived against published"), _(lang, "Inclusion rule"),
                     _(lang, "Derived without the unresolved candidate")]
    return report.markdown_table(table, _(lang, "Published totals rebuilt from the list of deaths"),
                                 "tbl-data-reconciliation", lang)


def changelog_table(descriptor: dict, lang: str) -> Md:
    table = dictionary.changelog(descriptor, lang)
    return report.markdown_table(table, _(lang, "Change log of the data package"), "tbl-data-changelog", lang)


def dictionary_sections(descriptor: dict, lang: str) -> Md:
    """One heading, description and field table per file of the package; on a page in a
    language other than English, a note when some descriptions have no translation."""
    parts = []
    missing = dictionary.untranslated(descriptor, lang)
    if missing:
        parts.append(md(n_(lang, "{n} description of this data package has no translation and is shown in English.",
                           "{n} descriptions of this data package have no translation and are shown in English.",
                           missing), n=_n(lang, missing)))
    for res in descriptor["resources"]:
        parts.append(md("### {}\n\n{}", code(res["path"]), dictionary.describe(res["description"], lang)))
        parts.append(report.markdown_table(dictionary.field_table(descriptor, res["name"], lang),
                                           md(_(lang, "Fields of {file}"), file=res["path"]),
                                           f"tbl-dictionary-{res['name']}", lang))
    return Md("\n\n").join(parts)


# --- the Sources appendix -------------------------------------------------------------

def sources_paragraph(sources: pd.DataFrame, lang: str) -> Md:
    return md(n_(lang, "The data cite {n} source, by kind in {{numref}}`tbl-sources-kinds`.",
                 "The data cite {n} sources, by kind in {{numref}}`tbl-sources-kinds`.", len(sources)),
              n=_n(lang, len(sources)))


def kinds_table(sources: pd.DataFrame, lang: str) -> Md:
    counts = sources["kind"].value_counts()
    notes = {
        "official": _(lang, "reports and statements of Peruvian state bodies"),
        "intergovernmental": _(lang, "reports of intergovernmental bodies"),
        "ngo": _(lang, "reports of human-rights organisations"),
        "national_press": _(lang, "national or international press"),
        "regional_press": _(lang, "regional press"),
        "agency": _(lang, "news agencies"),
        "other": _(lang, "blogs and activist sites (used only where the data flag them as a single or weak "
                         "source), aggregators, reference data sets and publishers that could not be identified"),
    }
    rows = [{_(lang, "Kind"): p_(lang, "source kind", report.KIND_LABELS[k]), _(lang, "What it covers"): notes[k],
             _(lang, "Sources"): int(counts.get(k, 0))} for k in SOURCE_KINDS]
    return report.markdown_table(pd.DataFrame(rows), _(lang, "Sources by kind"), "tbl-sources-kinds", lang)


def copies_paragraph(n_copies: int, n_no_original_url: int, n_copy_only_rows: int, lang: str) -> Md:
    text = md(n_(lang, "For {n} source the book's authors read a copy rather than the original;",
                 "For {n} sources the book's authors read a copy rather than the original;", n_copies),
              n=_n(lang, n_copies))
    text += md(" " + n_(lang, "for {n} of them the original's own address could not be established, so the entry "
                        "names the publication without a link and gives the copy separately.",
                        "for {n} of them the original's own address could not be established, so the entry "
                        "names the publication without a link and gives the copy separately.", n_no_original_url),
               n=_n(lang, n_no_original_url))
    if n_copy_only_rows:
        text += md(" " + n_(lang, "{n} row of the data rests on such copies alone; it is listed in "
                            "{{numref}}`tbl-sources-copy-only`, so that a reader knows which figures have no "
                            "findable original.",
                            "{n} rows of the data rest on such copies alone; they are listed in "
                            "{{numref}}`tbl-sources-copy-only`, so that a reader knows which figures have no "
                            "findable original.", n_copy_only_rows), n=_n(lang, n_copy_only_rows))
    else:
        text += md(" " + _(lang, "No row of the data rests on such copies alone."))
    return text


def _row_words(row: pd.Series, lang: str) -> str:
    """A row described in words: its title, or its date with what it records."""
    for col in ("title", "description", "note"):
        if col in row and isinstance(row[col], str) and row[col].strip():
            text = row[col].strip()
            break
    else:
        text = ""
    if "measure" in row and isinstance(row.get("measure"), str):
        value = row["value"]
        value = int(value) if isinstance(value, float) and value.is_integer() else value
        text = _(lang, "{measure}: {value}").format(measure=row["measure"].replace("_", " "), value=value)
    if "date" in row and pd.notna(row.get("date")):
        return f"{i18n.day(lang, row['date'], short=True)} — {text}" if text else i18n.day(lang, row["date"], short=True)
    return text


def copy_only_table(dataset, flagged: pd.DataFrame, lang: str) -> Md:
    """The rows whose every source is a copy: which table, what the row records, and the
    publications behind it (publisher and title), in words."""
    titles = {r["name"]: r.get("title", r["name"]) for r in dataset.descriptor["resources"]}
    sources = dataset.sources.set_index("source_id")
    rows = []
    for _i, f in flagged.iterrows():
        frame = dataset.tables[f["table"]]
        row = frame[frame[frame.columns[0]] == f["row_id"]].iloc[0]
        pubs = [f"{sources.loc[s, 'organisation']}, {sources.loc[s, 'title']}" for s in str(f["source_ids"]).split(";")
                if s in sources.index]
        rows.append({_(lang, "Table"): dictionary.describe(titles.get(f["table"], f["table"]), lang),
                     _(lang, "What the row records"): _row_words(row, lang),
                     _(lang, "Known only through a copy of"): "; ".join(pubs)})
    table = pd.DataFrame(rows, columns=[_(lang, "Table"), _(lang, "What the row records"),
                                        _(lang, "Known only through a copy of")])
    return report.markdown_table(table, _(lang, "Rows whose every source is known only through a copy"),
                                 "tbl-sources-copy-only", lang)


def method_notes(flagged: pd.DataFrame, lang: str) -> Md:
    """The collapsed "Method notes" of the appendix: where the list comes from, and the
    flagged rows by table, row id and source id."""
    lines = [md(_(lang, "The list is generated from {file}; every data row names its sources in the column "
                  "{col}, by the ids in the first column of the list below."),
                file=code("sources.csv"), col=code("source_ids"))]
    if len(flagged):
        ids = Md("\n").join(md("- {}: {} ({})", code(t), code(r), code(s))
                            for t, r, s in zip(flagged["table"], flagged["row_id"], flagged["source_ids"]))
        lines.append(md(_(lang, "Rows resting on copies only, by table, row id and source id:")) + Md("\n\n") + ids)
    return md("::::{{admonition}} {title}\n:class: dropdown method-notes\n\n{body}\n::::",
              title=_(lang, "Method notes"), body=Md("\n\n").join(lines))


def bibliography_table(dataset, lang: str) -> Md:
    return report.markdown_table(report.bibliography(dataset, lang), _(lang, "All sources, by kind"),
                                 "tbl-sources-all", lang)


def reconciliation_notes(reconciled: pd.DataFrame, lang: str) -> Md:
    """The notes under the reconciliation table, by row number (the explanations are the
    rules' own English text)."""
    notes = Md("\n").join(md("{}. {}", i, text) for i, text in enumerate(reconciled["explanation"], start=1))
    return md(_(lang, "Notes to the table, by row number:")) + Md("\n\n") + notes


def certainty_table(levels: pd.Series, deaths: pd.DataFrame, lang: str) -> Md:
    """Deaths by certainty level (rows, in the order of the levels) and group (columns)."""
    from peru_protests import provenance
    from peru_protests.timeline import GROUP_LABELS, GROUP_OF_CATEGORY, GROUPS

    groups = deaths.set_index("death_id")["category"].map(GROUP_OF_CATEGORY)
    table = pd.crosstab(levels, groups.reindex(levels.index))
    table = table.reindex(index=[k for k in provenance.CERTAINTY_LEVELS if k in table.index],
                          columns=[g for g in GROUPS if g in table.columns])
    out = table.reset_index(drop=True)
    out.columns = [p_(lang, "death group", GROUP_LABELS[g]) for g in table.columns]
    out.insert(0, _(lang, "Certainty"), [p_(lang, "certainty", provenance.CERTAINTY_LEVELS[k]) for k in table.index])
    return report.markdown_table(out, _(lang, "Deaths in the data by certainty and group"), "tbl-data-certainty", lang)


def unknowns_table(unknowns: pd.DataFrame, lang: str) -> Md:
    """The facts still unknown, with their labels in ``lang``."""
    out = pd.DataFrame({_(lang, "Fact"): [p_(lang, "fact", f) for f in unknowns["Fact"]],
                        _(lang, "Unknown means"): [p_(lang, "unknown means", m) for m in unknowns["Unknown means"]],
                        _(lang, "Deaths"): unknowns["Deaths"]})
    return report.markdown_table(out, _(lang, "Facts still unknown about the deaths in the Ombudsman's list"),
                                 "tbl-data-unknowns", lang)


CATEGORY_WORDS = {"civilian_clash": "civilians killed in clashes", "police": "police officers",
                  "military": "members of the armed forces", "blockade": "deaths linked to road blockades",
                  "custody": "deaths after detention"}


def _people(deaths: pd.DataFrame, ids, lang: str) -> str:
    """Named people by name (in the language's order), the others counted."""
    rows = deaths.set_index("death_id").reindex(list(ids))
    named = i18n.sorted_text(lang, [n for n in rows["name_published"] if isinstance(n, str) and n.strip()])
    unnamed = len(rows) - len(named)
    items = list(named)
    if unnamed:
        items.append(n_(lang, "{n} person whose name has not been published",
                        "{n} people whose names have not been published", unnamed).format(n=_n(lang, unnamed)))
    return i18n.listing(lang, items)


def rule_text(rule, deaths: pd.DataFrame, lang: str) -> str:
    """A tally's inclusion rule in words: whose deaths, of which groups, up to which day,
    and the people added or left out, by name (no row ids)."""
    from peru_protests.tallies import ALL_CATEGORIES

    statuses = tuple(rule.statuses)
    if statuses == ("counted",):
        text = _(lang, "deaths the Ombudsman counts")
    elif statuses == ("counted", "unresolved"):
        text = _(lang, "deaths the Ombudsman counts, with the unresolved candidate")
    else:
        text = _(lang, "deaths of the statuses {statuses}").format(statuses=i18n.listing(lang, statuses))
    if tuple(rule.categories) != ALL_CATEGORIES:
        words = [p_(lang, "death category", CATEGORY_WORDS.get(c, c.replace("_", " "))) for c in rule.categories]
        text += _(lang, ", among {categories}").format(categories=i18n.listing(lang, words, style="or"))
    if rule.through:
        text += _(lang, ", who died by {day}").format(day=i18n.day(lang, rule.through))
    if rule.extra:
        text += n_(lang, "; plus {n} death outside the Ombudsman's list ({people})",
                   "; plus {n} deaths outside the Ombudsman's list ({people})", len(rule.extra)).format(
            n=_n(lang, len(rule.extra)), people=_people(deaths, rule.extra, lang))
    if rule.exclude:
        text += _(lang, "; without {people}").format(people=_people(deaths, rule.exclude, lang))
    return text
