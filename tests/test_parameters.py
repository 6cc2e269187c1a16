"""Typed chapter parameters: every -p value is read with its declared type before any
chapter runs, and a wrong one gets a message that says what to write instead."""

import pytest

from peru_protests import parameters
from peru_protests.build import UsageError, notebook_parameters, parse_overrides, read_toc
from peru_protests.paths import DESCRIPTOR, REPO_ROOT
from peru_protests.validate import load_descriptor

DESC = load_descriptor(DESCRIPTOR)


@pytest.fixture(scope="module")
def pages():
    pages = read_toc(REPO_ROOT)
    for page in pages:
        if page.is_notebook:
            page.parameters = notebook_parameters(page.source)
    return pages


def test_every_declared_parameter_has_a_type(pages):
    for page in pages:
        if page.is_notebook:
            assert set(page.parameters) - {"data_dir"} == set(parameters.SPECS[page.name]), page.name


def test_defaults_pass_their_own_types(pages):
    per_page = parse_overrides([], pages, DESC)
    regional = next(p for p in pages if p.name == "regional")
    assert regional.used["threshold"] == 50.0 and regional.used["measure"] == "mother_tongue"
    assert regional.changed == set() and per_page["chapters/regional"] == {}


def test_values_are_typed(pages):
    per_page = parse_overrides(["regional.threshold=40", "categories=civilian_clash,police",
                                "justice.as_of=2023-06-30", "timeline.departments=[\"21\",\"10\"]",
                                "regional.claim_id=None"], pages, DESC)
    assert per_page["chapters/regional"]["threshold"] == 40.0
    assert per_page["chapters/timeline"]["categories"] == ["civilian_clash", "police"]
    assert per_page["chapters/justice"] == {"as_of": "2023-06-30", "categories": ["civilian_clash", "police"]}
    assert per_page["chapters/timeline"]["departments"] == ["21", "10"]
    assert per_page["chapters/regional"]["claim_id"] is None
    regional = next(p for p in pages if p.name == "regional")
    assert regional.changed == {"threshold", "categories", "claim_id"} and regional.used["population"] == "census_2017"


@pytest.mark.parametrize("pair, message", [
    ("justice.as_of=2024", "-p justice.as_of=2024: '2024' is not a date; write a day as YYYY-MM-DD"),
    ("timeline.start=2023-02-30", "'2023-02-30' is not a day of the calendar"),
    ("regional.measure=self_id", "'self_id' is not allowed; use one of: mother_tongue, self_identification"),
    ("regional.threshold=abc", "'abc' is not a number"),
    ("regional.threshold=140", "out of range; use a value from 0 to 100"),
    ("categories=civilians", "'civilians' is not allowed; use one or more of: civilian_clash, police"),
    ("timeline.departments=Huanuco", "'Huanuco' is not an INEI department code; write two digits, e.g. 21 for Puno "
                                     "or 10 for Huánuco"),
    ("timeline.end=2022-12-01", "the period ends before it starts (2022-12-07)"),
    ("timeline.wave_gap_days=2.5", "is not a whole number"),
    ("regional.injured_periods=[[\"2023-01-20\",\"2023-01-04\"]]", "ends before it starts"),
    ("timeline.ombudsman_final=None", "a value is required"),
])
def test_bad_values_are_refused_with_what_to_write(pages, pair, message):
    with pytest.raises(UsageError) as exc:
        parse_overrides([pair], pages, DESC)
    assert message in str(exc.value) and "No chapter was run" in str(exc.value)


def test_category_added_by_the_data_folder_is_allowed(pages):
    import copy

    mine = copy.deepcopy(DESC)
    deaths = next(r for r in mine["resources"] if r["name"] == "deaths")
    next(f for f in deaths["schema"]["fields"] if f["name"] == "category")["constraints"]["enum"].append("prison")
    assert parse_overrides(["timeline.categories=prison"], pages, mine)["chapters/timeline"]["categories"] == ["prison"]


def test_chapter_without_spec_is_a_defect():
    with pytest.raises(parameters.ParameterError, match="has no declared type"):
        parameters.check_chapter("regional", {"new_knob": 1})


def test_values_naming_rows_must_be_in_the_data():
    from conftest import TINY
    from peru_protests import data

    tables = data.load(TINY).tables  # the fixture's laws name the team EFICAVIP
    parameters.check_data("justice", {"team_name": "eficavip"}, tables, {"team_name"})  # case ignored
    with pytest.raises(parameters.ParameterError, match=r"team_name=EFICAVIPP: no row of laws.csv names it in "
                                                        r"title or effect; use the team's name"):
        parameters.check_data("justice", {"team_name": "EFICAVIPP"}, tables, {"team_name"})
    # At its default the name is not required: a data folder without the team is a finding.
    parameters.check_data("justice", {"team_name": "EFICAVIPP"}, tables)
