"""The timeline chapter's reader text on the tiny fixture, worked out by hand from
tests/fixtures/tiny/deaths.csv and events.csv (see the comments), in both languages."""

import re

import pandas as pd
import pytest

from peru_protests import data, home, i18n, markup, report, timeline, timeline_tables, timeline_text as tt

from conftest import TINY


def plain(text) -> str:
    """Rendered text: MyST backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", str(text))


@pytest.fixture(scope="module")
def ds():
    return data.load(TINY)


@pytest.fixture(scope="module")
def counted(ds):
    return timeline.select_deaths(ds.deaths, ["counted"])


def test_toll_counts_groups_and_compares_with_the_final_count(counted):
    # D001-D005 and D007 civilians in clashes (6), D006 police and D010 military (2), D008 blockade (1);
    # first death 11 Dec 2022 (D001), last 5 Mar 2023 (D010)
    totals = timeline.daily_deaths(counted, "2022-12-07", "2023-03-31", "date_of_death").sum()
    first, last = counted["date_of_death"].min(), counted["date_of_death"].max()
    text = plain(tt.toll(totals, first, last, 9, "2023-03-31", "en"))
    assert text == ("Between 11 December 2022 and 5 March 2023, 9 people died: 6 civilians killed in clashes with "
                    "the security forces, 2 members of the police and the armed forces and 1 death linked to road "
                    "blockades. This is the Ombudsman's final count, dated 31 March 2023 "
                    "({numref}`fig-timeline-deaths`).")
    assert "more than the Ombudsman's final count of 8," in plain(tt.toll(totals, first, last, 8, "2023-03-31", "en"))
    assert "fewer than the Ombudsman's final count of 10," in plain(tt.toll(totals, first, last, 10, "2023-03-31", "en"))
    es = plain(tt.toll(totals, first, last, 9, "2023-03-31", "es"))
    assert es.startswith("Entre el 11 de diciembre de 2022 y el 5 de marzo de 2023 murieron 9 personas: 6 civiles ")
    assert "1 muerte vinculada a bloqueos de vías" in es and "(s)" not in es


def test_deadliest_event_and_later_deaths(ds, counted):
    # Town A: D001, D002 (D002 died 14 Dec: later); Town B: D003-D005 (D005 died 16 Dec: later); Town C: D006, D007
    lethal = timeline.lethal_events(ds.events, counted, ds.departments)
    assert plain(tt.deadliest_event(lethal, "en")) == (
        "The deadliest event was in Town B on 15 December 2022: 3 people died. Of them, 1 died of their injuries "
        "on a later day ({numref}`tbl-timeline-lethal-events`).")
    one = lethal[lethal["event_id"] == "2023-01-09-town-c"].assign(deaths=1)
    assert plain(tt.deadliest_event(one, "en")) == (
        "The deadliest event was in Town C on 9 January 2023: 1 person died ({numref}`tbl-timeline-lethal-events`).")
    assert "murió 1 persona" in plain(tt.deadliest_event(one, "es"))


def test_deadliest_days_sorted_and_pluralised(ds, counted):
    # by date of injury: 15 Dec (D003-D005, Ayacucho) 3; 11 Dec (D001, D002, Apurímac) 2; 9 Jan (D006, D007) 2
    top = timeline.deadliest_days(counted, ds.departments, "date_of_injury", n=3)
    assert plain(tt.deadliest_days(top, "en")) == (
        "Counted by the day of the lethal event, the deadliest days were 15 December 2022 (3 deaths, in Ayacucho), "
        "11 December 2022 (2 deaths, in Apurímac) and 9 January 2023 (2 deaths, in Puno).")
    two = pd.DataFrame({"date": [pd.Timestamp("2023-01-09")], "deaths": [1], "departments": ["Puno, Áncash, Lima"]})
    assert plain(tt.deadliest_days(two, "en")).endswith("9 January 2023 (1 death, in Áncash, Lima and Puno).")


def test_waves_sentence_has_proper_plurals():
    one = plain(tt.waves(1, 1, 7, 115, 1, "en"))
    assert "at least 1 road blockade was reported" in one and "the data show 1 wave of protest" in one
    assert "more than 7 quiet days lie" in one and "(s)" not in one
    many = plain(tt.waves(3, 2, 1, 115, 40, "en"))
    assert "at least 2 road blockades were reported" in many and "3 waves of protest" in many
    assert "more than 1 quiet day lies" in many and "40 of the 115 days shown" in many


def test_emergency_share_and_caveats():
    assert plain(tt.emergency(55, 12, "en")) == (
        "Of the 67 deaths whose place and date are known, 55 (82%) happened in a department under a state of "
        "emergency or curfew on the day of the lethal event ({numref}`fig-timeline-emergency`).")
    text = plain(tt.emergencies(5, 3, 1, 0, "en"))
    assert "no end date for 1 emergency; it is counted" in text and "announced" not in text
    assert "2 deaths counted under an emergency are inside" in plain(tt.emergencies(5, 3, 2, 2, "en"))


def test_official_count_names_no_id(ds, counted):
    # fix-a is dated 1 Jan 2023: D001 waits 21 days, D002 18; the 7 others have no report dated to the day
    lag = timeline.first_reports(counted, ds.sources, until="2023-03-31")
    text = plain(tt.official_count(lag, "2023-03-31", 0, "Fixture Office", "en"))
    assert text == ("Counted person by person, from the death to the first report that includes them, half of the "
                    "people waited 19 days or less; the longest wait was 21 days. For 7 of the 9 people, the "
                    "sources the book cites give no report dated to the day up to 31 March 2023. No report of the "
                    "Fixture Office quoted by the sources gave a lower total than the one before.")
    assert "Once, the Fixture Office" in plain(tt.official_count(lag, "2023-03-31", 1, "Fixture Office", "en"))
    assert plain(tt.reporting_wait(lag, "en")).startswith("Half of the people appear in a report dated to the day "
                                                          "within 19 days of their death; the longest wait was 21")


def test_included_deaths_are_named_not_numbered(ds):
    deaths = timeline.select_deaths(ds.deaths, ["counted", "unresolved"], include=["D009"])
    text = plain(tt.included(deaths, ["counted", "unresolved"], "en"))
    assert text == (" The deaths counted here include 1 that the Ombudsman's final list does not (a person whose "
                    "name has not been published); the Ombudsman's own count is unchanged.")
    assert "D009" not in text
    assert tt.included(timeline.select_deaths(ds.deaths, ["counted"]), ["counted"], "en") == ""
    notes = tt.method_notes(deaths, ["counted", "unresolved"], "en")
    assert "`D009`" in notes and ":class: dropdown method-notes" in notes


def test_emergency_table_groups_in_order(ds, counted):
    # national emergency 14-20 Dec covers D003-D005 (15 Dec); Puno's (10 Jan, open-ended) covers D008 (10 Jan)
    periods = timeline.emergency_periods(ds.events, ds.departments)
    inside = timeline.in_emergency(counted, periods)
    table = timeline_tables.emergency_table(counted, inside, "en")
    assert "| Civilians killed in clashes with security forces | 3 | 3 |" in table
    assert "| Police and military | 0 | 2 |" in table and "| Deaths linked to road blockades | 1 | 0 |" in table


def test_findings_are_bullets_in_both_languages(counted):
    toll = i18n.Both({"en": markup.Md("A (x)."), "es": markup.Md("Un (x).")})
    both = i18n.both(tt.home_findings, toll, markup.Md("B."))
    assert both["en"] == "- A (x).\n- B." and both["es"] == "- Un (x).\n- B."


def test_report_helpers_speak_both_languages():
    assert report.listing(["Áncash", "Puno"], lang="es") == "Áncash y Puno"
    assert report.listing([], lang="en") == "none"
    assert report.when(pd.NaT, lang="es") == "una fecha desconocida"
    assert report.when(pd.Timestamp("2023-01-09"), lang="es") == "9 de enero de 2023"
    assert report.percent(0.8163) == "81.6%" and report.percent(float("nan")) == "undefined"
    assert report.person({"name_published": "A.B.C.", "death_id": "D002"}) == "A.B.C."
    assert report.person({"name_published": None, "death_id": "D001"}, "es") == "una persona cuyo nombre no se ha publicado"


def test_home_page_is_written_from_the_chapters_glue(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={markup.GLUE_PREFIX + "text/markdown": "- One (x).\n- Two."},
                                           metadata={"scrapbook": {"name": "home_findings"},
                                                     markup.LANG_KEY: {"es": {"text/markdown": "- Uno.\n- Dos."}}})]
    nb.cells = [cell]
    (tmp_path / "chapters").mkdir()
    nbformat.write(nb, tmp_path / "chapters" / "timeline.ipynb")
    page = "# Home\n\n% home-findings: chapters/timeline chapters/regional\n\nRest.\n"
    text, missing = home.fill(page, tmp_path, "en", "2023-03-21")
    assert text == ("# Home\n\n- One (x; {doc}`/chapters/timeline`).\n- Two. ({doc}`/chapters/timeline`)\n\n"
                    "*Figures from the book's data, whose latest date is 21 March 2023.*\n\nRest.\n")
    assert missing == ["chapters/regional"]
    es, _ = home.fill(page, tmp_path, "es")
    assert "- Uno. ({doc}`/chapters/timeline`)" in es and "%" not in es


def test_every_message_of_these_pages_has_its_spanish():
    from babel.messages.extract import extract_from_file

    from peru_protests import plotting
    from peru_protests.paths import REPO_ROOT

    cat = i18n.catalogue("es")
    missing = []
    for module in ["report", "timeline_text", "timeline_tables", "home", "data_text", "dictionary"]:
        path = REPO_ROOT / "src" / "peru_protests" / f"{module}.py"
        for _line, msg, _c, ctx in extract_from_file("python", str(path),
                                                     keywords={"_": (2,), "n_": (2, 3), "p_": ((2, "c"), 3)}):
            entry = cat.get(msg if isinstance(msg, str) else msg[0], context=ctx)
            strings = entry.string if entry is not None else None
            if not strings or (isinstance(strings, tuple) and not all(strings)):
                missing.append((module, msg))
    labels = [("source kind", report.KIND_LABELS), ("death group", timeline.GROUP_LABELS),
              ("event kind", plotting.EVENT_LANES), (None, tt.DATE_BASIS_WORDS)]
    for ctx, table in labels:
        missing += [(ctx, text) for text in table.values() if not cat.get(text, context=ctx)]
    assert missing == []


def test_dictionary_descriptions_come_from_the_catalogue_or_stay_english():
    import json

    from peru_protests import data_text, dictionary
    from peru_protests.paths import REPO_ROOT

    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert dictionary.untranslated(descriptor, "es") == 0
    assert dictionary.describe("Deaths", "es") == "Fallecidos"
    fields = dictionary.field_table(descriptor, "deaths", "es").set_index("Campo")
    assert fields.loc["`minor`", "Descripción"] == "Menor de 18 años al morir."
    assert fields.loc["`death_id`", "Obligatorio"] == "sí"
    # a researcher's own descriptor: what the catalogue does not know stays English, and the page says so
    mine = json.loads(json.dumps(descriptor))
    mine["resources"].append({"name": "marches", "path": "marches.csv", "title": "Marches", "description": "My marches.",
                              "schema": {"fields": [{"name": "march_id", "type": "string", "description": "Id."}]}})
    assert dictionary.untranslated(mine, "es") == 3 and dictionary.untranslated(mine, "en") == 0
    assert dictionary.describe("My marches.", "es") == "My marches."
    page = data_text.dictionary_sections(mine, "es")
    assert page.startswith("3 descripciones de este paquete de datos no tienen traducción y se muestran en inglés.")
    assert "no translation" not in data_text.dictionary_sections(mine, "en").split("###")[0]


def test_inclusion_rules_are_written_with_names_not_ids(ds):
    from peru_protests import data_text
    from peru_protests.tallies import Rule

    rule = Rule(count_id="x", statuses=("counted",), categories=("civilian_clash", "police"), through="2022-12-15",
                extra=("D009", "D002"))
    # D002 is published by initials (a minor), D009 has no published name
    assert data_text.rule_text(rule, ds.deaths, "en") == (
        "deaths the Ombudsman counts, among civilians killed in clashes or police officers, who died by 15 December "
        "2022; plus 2 deaths outside the Ombudsman's list (A.B.C. and 1 person whose name has not been published)")
    assert data_text.rule_text(Rule(count_id="y", exclude=("D001",)), ds.deaths, "es") == (
        "muertes que cuenta la Defensoría, con el caso no resuelto; sin 1 persona cuyo nombre no se ha publicado")


def test_home_findings_are_short_and_compare_with_the_final_count(ds, counted):
    totals = timeline.daily_deaths(counted, "2022-12-07", "2023-03-31", "date_of_death").sum()
    first, last = counted["date_of_death"].min(), counted["date_of_death"].max()
    assert plain(tt.home_toll(totals, first, last, 9, "2023-03-31", "en")) == (
        "Between 11 December 2022 and 5 March 2023, 9 people died, as the Ombudsman's final count of 31 March 2023 "
        "also says ({numref}`fig-timeline-deaths`).")
    assert "more than the 8 of the Ombudsman's" in plain(tt.home_toll(totals, first, last, 8, "2023-03-31", "en"))
    lethal = timeline.lethal_events(ds.events, counted, ds.departments)
    event = plain(tt.home_event(lethal, "en"))
    assert event == ("The deadliest event was in Ayacucho on 15 December 2022: 3 people died "
                     "({numref}`tbl-timeline-lethal-events`).")
    both = i18n.both(tt.home_findings, i18n.both(tt.home_toll, totals, first, last, 9, "2023-03-31"),
                     i18n.both(tt.home_event, lethal))
    assert both["en"].count("\n- ") == 1 and all(len(plain(b)) < 200 for b in both["en"].split("\n"))
    assert both["es"].startswith("- Entre el 11 de diciembre de 2022 y el 5 de marzo de 2023 murieron 9 personas")
