"""Reconciling published totals, source overlap, unknowns and the data dictionary, on the
tiny fixture. Expected values worked out by hand from tests/fixtures/tiny."""

import pytest

from peru_protests import data, dictionary, provenance, tallies, timeline
from peru_protests.tallies import Rule
from peru_protests.validate import load_descriptor

from conftest import TINY


@pytest.fixture(scope="module")
def ds():
    return data.load(TINY)


def ids(frame):
    return sorted(frame["death_id"])


def test_rule_selects_by_status_category_date_and_extra(ds):
    d = ds.deaths
    assert ids(tallies.select(d, Rule("x"))) == ["D001", "D002", "D003", "D004", "D005", "D006", "D007",
                                                  "D008", "D010"]  # counted or unresolved; D009 is not
    assert ids(tallies.select(d, Rule("x", through="2022-12-16"))) == ["D001", "D002", "D003", "D004", "D005"]
    assert ids(tallies.select(d, Rule("x", categories=("civilian_clash",), through="2022-12-15"))) == [
        "D001", "D002", "D003", "D004"]  # D002 died on 14 Dec, D005 on 16 Dec
    assert len(tallies.select(d, Rule("x", statuses=("counted",), extra=("D009",)))) == 10
    assert len(tallies.select(d, Rule("x", exclude=("D001",)))) == 8
    with pytest.raises(ValueError, match="D999"):
        tallies.select(d, Rule("x", extra=("D999",)))


def test_rule_in_words():
    rule = Rule("x", statuses=("counted",), categories=("civilian_clash",), through="2023-02-11", extra=("D001",))
    assert rule.describe() == ("deaths the Ombudsman counts, of category civilian clash, who died by 2023-02-11; "
                               "plus 1 death(s) outside the Ombudsman's list (D001)")


def test_reconcile(ds):
    rules = [Rule("fixture-final"), Rule("fixture-2022-12-16", through="2022-12-16"),
             Rule("not-in-this-data"), Rule("fixture-2022-12-16", statuses=("counted",), through="2022-12-15")]
    table = tallies.reconcile(ds.deaths, ds.official_counts, rules)
    assert table["count_id"].tolist() == ["fixture-final", "fixture-2022-12-16", "fixture-2022-12-16"]
    assert table["published"].tolist() == [9, 5, 5]
    assert table["derived"].tolist() == [9, 5, 4]
    assert table["difference"].tolist() == [0, 0, 1]


def test_reconcile_counts_unresolved_separately(ds):
    deaths = ds.deaths.copy()
    deaths.loc[deaths["death_id"] == "D008", "ombudsman_final"] = "unresolved"
    table = tallies.reconcile(deaths, ds.official_counts, [Rule("fixture-final")])
    assert table[["derived", "derived_without_unresolved"]].iloc[0].tolist() == [9, 8]


def test_shipped_rules_name_existing_deaths():
    shipped = data.load()
    for rule in tallies.RULES:
        tallies.select(shipped.deaths, rule)  # raises on an unknown id


def test_source_kinds_and_combinations(ds):
    deaths = timeline.select_deaths(ds.deaths, ["counted", "unresolved"])
    kinds = provenance.source_kinds(ds, deaths)
    assert list(kinds.columns) == ["official", "ngo", "national_press"]  # fix-a, fix-c, fix-b
    assert kinds.loc["D002"].tolist() == [True, False, True]
    combos = provenance.combinations(kinds)
    assert list(combos.index) == [("national_press",), ("ngo",), ("official",), ("official", "national_press")]
    assert combos.tolist() == [3, 3, 2, 1]
    per_death = provenance.sources_per_death(deaths)
    assert per_death["D002"] == 2 and per_death.drop("D002").eq(1).all()


def test_unknowns(ds):
    deaths = timeline.select_deaths(ds.deaths, ["counted", "unresolved"])
    table = provenance.unknowns(deaths).set_index("Fact")["Deaths"]
    assert table.to_dict() == {"Name": 8, "Age": 4, "Sex": 3, "Date": 1, "Department": 0, "District": 9,
                               "Cause of death": 1, "Force responsible": 0}


def test_data_dictionary_comes_from_the_descriptor():
    descriptor = load_descriptor()
    deaths = dictionary.field_table(descriptor, "deaths").set_index("Field")
    assert deaths.loc["`death_id`", "Required"] == "yes"
    assert "unique" in deaths.loc["`death_id`", "Allowed values"]
    # the cell is MyST: the referenced field is a code span
    assert "refers to `departments.department_code`" in deaths.loc["`department_code`", "Allowed values"]
    assert r"pattern `^(0[1-9]\|1[0-9]\|2[0-5])$`" in deaths.loc["`department_code`", "Allowed values"]
    assert deaths.loc["`age`", "Unit"] == "years"
    names = [f["name"] for r in descriptor["resources"] if r["name"] == "deaths" for f in r["schema"]["fields"]]
    assert [n.strip("`") for n in deaths.index] == names
    tables = dictionary.resources_table(descriptor, {"deaths": 3})
    assert tables.loc[tables["File"] == "`deaths.csv`", "Rows"].item() == 3
    assert len(tables) == len(descriptor["resources"])


def test_certainty_levels(ds):
    deaths = ds.deaths.copy()
    deaths.loc[deaths["death_id"] == "D008", "ombudsman_final"] = "unresolved"
    levels = provenance.certainty(ds, deaths)
    assert levels["D001"] == "official_list"
    assert levels["D008"] == "unresolved"
    assert levels["D009"] == "single_source"  # not counted, cited by fix-c only
    deaths.loc[deaths["death_id"] == "D009", "source_ids"] = "fix-b;fix-c"  # two organisations
    assert provenance.certainty(ds, deaths)["D009"] == "corroborated"
