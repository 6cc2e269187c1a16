"""The source model: publication versus consulted copy, mirror links, headline figures
citing their producer, rows resting on copies alone, and the quotable source line.
Corrupted copies of the tiny fixture must fail with the precise row, column and rule."""

import pytest

from peru_protests import data, report, source_rules
from peru_protests.validate import validate_dir

from conftest import TINY
from test_validate import edit, only


@pytest.mark.parametrize("url, reason", [
    ("https://829842.bflnqr70.asia/print/77892", "a numeric subdomain (spam-like mirror)"),
    ("https://bitlysdowssl-aws.com/mundo/x", "a link-shortener look-alike domain"),
    ("https://www.scribd.com/document/1/x", "a known mirror or document-sharing domain"),
    ("https://es.studenta.com/content/1/x", "a known mirror or document-sharing domain"),
    ("https://rpp.pe/peru/actualidad/x", None),
    ("https://www.oas.org/es/cidh/x.pdf", None),
])
def test_mirror_reason(url, reason):
    assert source_rules.mirror_reason(url) == reason


def test_main_link_on_a_mirror(tiny_copy):
    edit(tiny_copy, "sources.csv", "https://example.org/b,", "https://123.example.asia/b,")
    only(validate_dir(tiny_copy), file="sources.csv", row=3, column="url", value="https://123.example.asia/b",
         rule="main-link-not-a-mirror")


def test_consulted_copy_without_a_note(tiny_copy):
    edit(tiny_copy, "sources.csv", "https://example.org/b,national_press,es,,,",
         "https://example.org/b,national_press,es,https://mirror.example.net/b,,")
    only(validate_dir(tiny_copy), file="sources.csv", row=3, column="consulted_note", rule="copy-described")


def test_consulted_copy_repeating_the_main_link(tiny_copy):
    edit(tiny_copy, "sources.csv", "https://example.org/b,national_press,es,,,",
         "https://example.org/b,national_press,es,https://example.org/b,a copy,")
    only(validate_dir(tiny_copy), file="sources.csv", row=3, column="consulted_url", value="https://example.org/b",
         rule="copy-described")


def test_source_that_cannot_be_found(tiny_copy):
    edit(tiny_copy, "sources.csv", "https://example.org/b,national_press", ",national_press")
    only(validate_dir(tiny_copy), file="sources.csv", row=3, column="url", value="", rule="publication-named")


def test_final_count_must_cite_its_producer_or_a_national_outlet(tiny_copy):
    # the final count (Fixture Office) now cites only the NGO: neither the producer nor an outlet
    edit(tiny_copy, "official_counts.csv", "Invented final count.,yes,fix-a,", "Invented final count.,yes,fix-c,")
    only(validate_dir(tiny_copy), file="official_counts.csv", row=3, column="source_ids", value="fix-c",
         rule="headline-cites-producer")


def test_national_outlet_quoting_the_producer_is_enough(tiny_copy):
    edit(tiny_copy, "official_counts.csv", "Invented final count.,yes,fix-a,", "Invented final count.,yes,fix-b,")
    assert validate_dir(tiny_copy) == []


def test_regional_outlet_alone_is_not_enough(tiny_copy):
    edit(tiny_copy, "official_counts.csv", "Invented final count.,yes,fix-a,", "Invented final count.,yes,fix-b,")
    edit(tiny_copy, "sources.csv", ",national_press,", ",regional_press,")
    only(validate_dir(tiny_copy), file="official_counts.csv", row=3, column="source_ids", value="fix-b",
         rule="headline-cites-producer")


def test_claim_must_cite_its_producer(tiny_copy):
    edit(tiny_copy, "claims.csv", "Invented claim for tests.,fix-c", "Invented claim for tests.,fix-a")
    only(validate_dir(tiny_copy), file="claims.csv", row=2, column="source_ids", value="fix-a",
         rule="headline-cites-producer")


def test_census_field_must_cite_its_producer(tiny_copy):
    edit(tiny_copy, "field_provenance.csv", ",Fixture Office,fix-a", ",Statistics Institute,fix-a")
    only(validate_dir(tiny_copy), file="field_provenance.csv", row=2, column="source_ids", value="fix-a",
         rule="headline-cites-producer")


def test_rows_resting_on_copies_alone_are_flagged_not_rejected(tiny_copy):
    # fix-b becomes known only through a repost: the rows citing fix-b alone are flagged
    edit(tiny_copy, "sources.csv", "https://example.org/b,national_press,es,,,",
         ",national_press,es,https://repost.example.net/b,forum repost,")
    assert validate_dir(tiny_copy) == []
    flagged = source_rules.copy_only_rows(data.load(tiny_copy))
    rows = sorted(zip(flagged["table"], flagged["row_id"]))
    assert rows == [("caseload", "2023-01-20-protesters-detained"),
                    ("daily_activity", "2022-12-12-road-blockades-blog-21"),
                    ("daily_activity", "2022-12-16-road-blockades-sutran-2"),
                    ("daily_activity", "2023-01-20-injured-attended-health-ministry-21"),
                    ("deaths", "D003"), ("deaths", "D004"), ("deaths", "D005"),
                    ("events", "2022-12-15-town-b"),
                    ("investigation_milestones", "case-protesters-2023-02-20-judgement"),
                    ("investigations", "case-protesters"), ("laws", "2023-03-15-fixture-team")]


def test_no_row_of_the_fixture_rests_on_a_copy():
    assert source_rules.copy_only_rows(data.load(TINY)).empty


def test_source_line_names_producers_and_publishers():
    ds = data.load(TINY)
    final = ds.official_counts[ds.official_counts["final"] == "yes"]
    assert report.source_line(ds, final, lang="en") == (
        "**Source:** figures of Fixture Office, as published by Fixture Office.")
    claims = ds.claims
    assert report.source_line(ds, claims, lang="en") == "**Source:** figures of Fixture NGO, as published by Fixture NGO."
    # D001 cites fix-a and D002 fix-b: the office by name, the press as one report
    one = ds.deaths[ds.deaths["death_id"].isin(["D001", "D002"])]
    assert report.source_line(ds, one, lang="en") == "**Source:** Fixture Office; a press report (Fixture News)."
    assert report.source_line(ds, one, lang="es") == "**Fuente:** Fixture Office; una nota de prensa (Fixture News)."
    both = report.source_line(ds, one)  # how a chapter shows it: every edition at once
    assert both["en"] == report.source_line(ds, one, lang="en") and both["es"].startswith("**Fuente:**")


def test_source_list_shows_the_consulted_copy_second(tiny_copy):
    edit(tiny_copy, "sources.csv", "https://example.org/b,national_press,es,,,",
         "https://example.org/b,national_press,es,https://repost.example.net/b,forum repost,")
    ds = data.load(tiny_copy)
    text = report.sources_markdown(ds, ds.deaths[ds.deaths["death_id"].isin(["D001", "D002"])], lang="en")
    spanish = report.sources_markdown(ds, ds.deaths[ds.deaths["death_id"].isin(["D001", "D002"])], lang="es")
    assert "```{admonition} Fuentes (2 documentos de 2 editores)" in spanish
    assert "Copia consultada: [copia](https://repost.example.net/b) (forum repost)" in spanish
    assert "- Fixture News, [\\[Fixture source B\\]](https://example.org/b), 2023\\-02. " \
           "Consulted copy: [copy](https://repost.example.net/b) (forum repost)" in text
    assert text.startswith("**Source:** Fixture Office; a press report (Fixture News).\n\n"
                           "```{admonition} Sources (2 documents from 2 publishers)")
    # grouped by publisher, in alphabetical order (News before Office), each with its count
    assert text.index("- **Fixture News** (1)") < text.index("- **Fixture Office** (1)")
