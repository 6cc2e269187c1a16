"""The data shipped in data/: it validates, and its key totals match the sources."""

import pandas as pd
import pytest

from peru_protests import data, timeline
from peru_protests.paths import DEFAULT_DATA_DIR
from peru_protests.validate import validate_dir


@pytest.fixture(scope="module")
def ds():
    return data.load(DEFAULT_DATA_DIR)


def test_shipped_data_validates():
    assert validate_dir(DEFAULT_DATA_DIR) == []


def test_ombudsman_final_count_by_category(ds):
    # Defensoría del Pueblo, final balance (RPP, Dec 2023): 49 + 1 + 6 + 11 = 67.
    final = ds.official_counts.set_index("count_id").loc["defensoria-final"]
    assert [final[c] for c in ["civilian_clash", "police", "military", "blockade", "total"]] == [49, 1, 6, 11, 67]
    table = pd.crosstab(ds.deaths["category"], ds.deaths["ombudsman_final"])
    assert table.loc["civilian_clash", "counted"] == 49
    assert table.loc["police", "counted"] == 1
    assert table.loc["military", "counted"] == 6
    # which of the candidates fills the 11th blockade place is not settled by the sources
    assert table.loc["blockade", "counted"] == 10
    assert table.loc["blockade", "unresolved"] == 1
    assert len(timeline.select_deaths(ds.deaths, ["counted", "unresolved"])) == 67


def test_civilians_killed_in_clashes_by_department(ds):
    # Reconstruction of the Ombudsman's 49 in the fact base: Puno 21, Ayacucho 10,
    # Apurímac 7, Junín 3, Arequipa 3, La Libertad 2, Cusco 2, Lima 1.
    clash = timeline.select_deaths(ds.deaths, ["counted"], ["civilian_clash"])
    names = ds.departments.set_index("department_code")["name"]
    by_dept = clash["department_code"].map(names).value_counts().to_dict()
    assert by_dept == {"Puno": 21, "Ayacucho": 10, "Apurímac": 7, "Junín": 3, "Arequipa": 3,
                       "La Libertad": 2, "Cusco": 2, "Lima": 1}


def test_deadliest_events(ds):
    counted = timeline.select_deaths(ds.deaths, ["counted"], ["civilian_clash"])
    per_event = counted["event_id"].value_counts()
    assert per_event["2023-01-09-juliaca"] == 18  # 17 on the day, 1 on 12 Jan
    assert per_event["2022-12-15-huamanga"] == 10


def test_minors(ds):
    # The Ombudsman counted 7 minors among the civilians killed (Informe Defensorial 190).
    clash = timeline.select_deaths(ds.deaths, ["counted"], ["civilian_clash"])
    assert (clash["minor"] == "yes").sum() == 7
    minors = ds.deaths[ds.deaths["minor"] == "yes"]
    assert set(minors["name_status"]) <= {"initials", "unnamed"}


def test_departments(ds):
    assert len(ds.departments) == 25
    assert ds.departments["department_code"].tolist() == [f"{i:02d}" for i in range(1, 26)]
    # INEI 2017 census, población censada: the 25 regions add up to 29,381,884
    assert int(ds.departments["population_2017_census"].sum()) == 29_381_884


def test_every_lethal_event_has_deaths(ds):
    lethal = set(ds.events.loc[ds.events["kind"] == "lethal_repression", "event_id"])
    with_deaths = set(ds.deaths["event_id"].dropna())
    assert lethal == with_deaths


def test_every_source_is_cited(ds):
    assert (ds.citations() > 0).all(), ds.citations()[ds.citations() == 0]


def test_population_estimates_and_mother_tongue(ds):
    deps = ds.departments.set_index("name")
    # the 2022 department estimates are sums of INEI district estimates; they add up to
    # INEI's national estimate for 2022
    assert int(deps["population_2022_estimate"].sum()) == 33_396_698
    # census 2017: the departments where most people have an indigenous mother tongue
    majority = deps.index[deps["indigenous_mother_tongue_pct"] > 50]
    assert sorted(majority) == ["Apurímac", "Ayacucho", "Cusco", "Huancavelica", "Puno"]
    share = deps.loc[majority, "population_2017_census"].sum() / deps["population_2017_census"].sum()
    assert round(100 * share, 2) == 12.76  # Amnesty: "about 13%"


def test_indigenous_majority_group_and_claim(ds):
    # 2017 census mother tongue above 50%: Apurímac, Ayacucho, Cusco, Huancavelica, Puno
    # (fact base, regions.md §5); their census population is 12.8% of Peru's, and they
    # hold 39 of the 48 civilians killed in clashes by 16 Feb 2023 (deaths.md §6).
    from peru_protests import regional

    group = regional.group_codes(ds.departments)
    names = ds.departments.set_index("department_code")["name"]
    assert sorted(names[group]) == ["Apurímac", "Ayacucho", "Cusco", "Huancavelica", "Puno"]
    clash = timeline.select_deaths(ds.deaths, ["counted", "unresolved"], ["civilian_clash"])
    s = regional.shares(clash, ds.departments, group)
    assert round(s.population_share * 100, 1) == 12.8
    assert (s.group_deaths, s.total_deaths) == (40, 49)
    then = regional.shares(regional.as_of(clash, "2023-02-16"), ds.departments, group)
    assert (then.group_deaths, then.total_deaths) == (39, 48)
    claim = ds.claims.set_index("claim_id").loc["amnesty-2023-02-16-indigenous-regions"]
    assert (claim["population_share_pct"], claim["death_share_pct"]) == (13, 80)


def test_tile_grid_and_injury_reports(ds):
    tiles = ds.departments[["tile_row", "tile_col"]].astype(int)
    assert not tiles.duplicated().any() and len(tiles) == 25
    injured = ds.daily_activity[ds.daily_activity["measure"] == "injured_attended"]
    # health ministry, 19 Dec 2022: ten regions; about 20 Jan 2023: 76 in hospital + 303 discharged
    dec = injured[injured["date"] == "2022-12-19"]
    jan = injured[injured["date"] == "2023-01-20"]
    assert len(dec) == 10 and int(dec["value"].sum()) == 366
    assert len(jan) == 9 and int(jan["value"].sum()) == 76 + 303
