"""Timeline analysis on the tiny fixture. Expected values worked out by hand from
tests/fixtures/tiny/deaths.csv (see the comments)."""

import pandas as pd
import pytest

from peru_protests import data, timeline

from conftest import TINY


@pytest.fixture(scope="module")
def ds():
    return data.load(TINY)


@pytest.fixture(scope="module")
def counted(ds):
    return timeline.select_deaths(ds.deaths, ["counted"])


def test_select_counted_leaves_out_d009(counted):
    assert len(counted) == 9
    assert "D009" not in set(counted["death_id"])


def test_select_by_category(ds):
    clash = timeline.select_deaths(ds.deaths, ["counted", "not_counted"], ["civilian_clash"])
    assert sorted(clash["death_id"]) == ["D001", "D002", "D003", "D004", "D005", "D007"]
    with pytest.raises(ValueError, match="unknown death categories"):
        timeline.select_deaths(ds.deaths, ["counted"], ["protester"])


def test_daily_deaths_by_date_of_death(counted):
    daily = timeline.daily_deaths(counted, "2022-12-07", "2023-03-31", "date_of_death")
    # 25 days of December + 31 + 28 + 31
    assert len(daily) == 115
    assert list(daily.columns) == ["civilians_clashes", "security_forces", "blockade", "custody"]
    nonzero = daily[daily.sum(axis=1) > 0]
    expected = {
        "2022-12-11": [1, 0, 0, 0],  # D001
        "2022-12-14": [1, 0, 0, 0],  # D002, injured 11 Dec, died 14 Dec
        "2022-12-15": [2, 0, 0, 0],  # D003, D004
        "2022-12-16": [1, 0, 0, 0],  # D005, injured 15 Dec
        "2023-01-09": [1, 1, 0, 0],  # D007 civilian, D006 police
        "2023-01-10": [0, 0, 1, 0],  # D008, first day of its range
        "2023-03-05": [0, 1, 0, 0],  # D010 military
    }
    assert {d.strftime("%Y-%m-%d"): list(r) for d, r in nonzero.iterrows()} == expected
    assert daily.sum().tolist() == [6, 2, 1, 0]


def test_daily_deaths_by_date_of_injury(counted):
    daily = timeline.daily_deaths(counted, "2022-12-07", "2023-03-31", "date_of_injury")
    assert daily.loc["2022-12-11", "civilians_clashes"] == 2  # D001, D002
    assert daily.loc["2022-12-15", "civilians_clashes"] == 3  # D003-D005
    assert daily.loc["2022-12-14"].sum() == 0


def test_cumulative(counted):
    run = timeline.cumulative(timeline.daily_deaths(counted, "2022-12-07", "2023-03-31"))
    assert run.loc["2022-12-15"].tolist() == [4, 0, 0, 0]
    assert run.loc["2023-01-09"].tolist() == [6, 1, 0, 0]
    assert run.iloc[-1].tolist() == [6, 2, 1, 0]


def test_window_cuts_and_outside_count(counted):
    daily = timeline.daily_deaths(counted, "2022-12-12", "2023-01-31")
    assert daily.sum().tolist() == [5, 1, 1, 0]  # D001 (11 Dec) and D010 (5 Mar) fall outside
    assert timeline.outside_window(counted, "2022-12-12", "2023-01-31") == 2


def test_bad_date_basis(counted):
    with pytest.raises(ValueError, match="date_basis"):
        timeline.daily_deaths(counted, "2022-12-07", "2023-03-31", "date_of_birth")


def test_deadliest_days(ds, counted):
    top = timeline.deadliest_days(counted, ds.departments, "date_of_injury", n=3)
    assert top["date"].dt.strftime("%Y-%m-%d").tolist() == ["2022-12-15", "2022-12-11", "2023-01-09"]
    assert top["deaths"].tolist() == [3, 2, 2]  # tie of 2 broken by the earlier date
    assert top["departments"].tolist() == ["Ayacucho", "Apurímac", "Puno"]


def test_key_events(ds):
    events = timeline.key_events(ds.events, "2022-12-07", "2023-03-31")
    assert events["event_id"].tolist() == ["2022-12-07-start", "2022-12-15-town-b", "2023-01-09-town-c"]
    assert events["number"].tolist() == [1, 2, 3]
    later = timeline.key_events(ds.events, "2022-12-08", "2023-03-31")
    assert later["event_id"].tolist() == ["2022-12-15-town-b", "2023-01-09-town-c"]
    assert later["number"].tolist() == [1, 2]


def test_source_ids_in_first_cited_order(ds, counted):
    assert ds.source_ids(counted) == ["fix-a", "fix-b", "fix-c"]
    assert ds.source_ids(counted[counted["death_id"] == "D006"]) == ["fix-c"]


def test_typed_loading(ds):
    assert ds.deaths["date_of_death"].dtype == "datetime64[ns]"
    assert ds.deaths["age"].dtype == "Int64"
    assert pd.isna(ds.deaths.loc[ds.deaths["death_id"] == "D003", "age"].iloc[0])  # unknown stays unknown
    assert ds.departments["department_code"].tolist() == ["03", "05", "21"]  # codes keep their zero


def test_label_levels_stack_close_labels():
    from peru_protests.plotting import label_levels

    # 0 and 1 are closer than 3: the second goes up a level; 5 is free on level 0 again,
    # 6 is too close to 5 on level 0 but level 1's last label (1) is far enough away
    assert label_levels([0, 1, 2, 5, 6, 20], min_gap=3) == [0, 1, 2, 0, 1, 0]


# --- waves, emergencies, lethal events, lags (hand-computed on the tiny fixture) ---------

def days(*isos):
    return [pd.Timestamp(d) for d in isos]


@pytest.fixture(scope="module")
def active(ds, counted):
    return timeline.activity_days(counted, ds.daily_activity, "2022-12-07", "2023-03-31")


def test_activity_days(ds, counted, active):
    # lethal injuries on 11 Dec, 15 Dec, 9 Jan, 10 Jan, 5 Mar; national blockade figures on
    # 12 Dec, 16 Dec (two reports) and 9 Jan; the Puno-only figure of 12 Dec does not count
    assert list(active) == days("2022-12-11", "2022-12-12", "2022-12-15", "2022-12-16", "2023-01-09",
                                "2023-01-10", "2023-03-05")
    high = timeline.activity_days(counted, ds.daily_activity, "2022-12-07", "2023-03-31", min_blockades=90)
    assert pd.Timestamp("2022-12-16") not in high and pd.Timestamp("2022-12-12") in high


def test_find_waves_with_quiet_gap(active):
    waves = timeline.find_waves(active, max_quiet_days=3)
    # 12 -> 15 Dec leaves 2 quiet days (13, 14): same wave; 16 Dec -> 9 Jan leaves 23: new wave
    assert waves["start"].tolist() == days("2022-12-11", "2023-01-09", "2023-03-05")
    assert waves["end"].tolist() == days("2022-12-16", "2023-01-10", "2023-03-05")
    assert waves["active_days"].tolist() == [4, 2, 1]
    assert waves["days"].tolist() == [6, 2, 1]
    assert len(timeline.find_waves(active, max_quiet_days=1)) == 4  # 2 quiet days now split December
    assert len(timeline.find_waves(active, max_quiet_days=0)) == 4  # consecutive days stay together
    assert len(timeline.find_waves(active, max_quiet_days=60)) == 1  # the longest quiet spell is 53 days
    with pytest.raises(ValueError):
        timeline.find_waves(active, max_quiet_days=-1)


def test_wave_summary(ds, counted, active):
    summary = timeline.wave_summary(timeline.find_waves(active, 3), counted, ds.daily_activity, ds.departments)
    assert summary["deaths"].tolist() == [5, 3, 1]
    assert summary["departments"].tolist() == ["Apurímac, Ayacucho", "Puno", "Puno"]
    assert summary["max_road_blockades"].tolist()[:2] == [100, 50]
    assert pd.isna(summary["max_road_blockades"].iloc[2])  # no figure reported: a gap, not zero
    assert summary["days_with_blockade_figures"].tolist() == [2, 1, 0]


def test_emergency_periods_and_deaths_inside(ds, counted):
    periods = timeline.emergency_periods(ds.events, ds.departments)
    national = periods[periods["event_id"] == "2022-12-14-emergency-national"]
    assert sorted(national["department_code"]) == ["03", "05", "21"]  # no departments: national
    puno = periods[periods["event_id"] == "2023-01-10-emergency-puno"].iloc[0]
    assert puno["end"] == puno["start"] and puno["open_ended"]  # no end date: first day only
    inside = timeline.in_emergency(counted, periods)
    assert sorted(inside[inside].index) == ["D003", "D004", "D005", "D008"]
    assert sorted(inside[~inside].index) == ["D001", "D002", "D006", "D007", "D010"]
    # D008 (Puno, 10 Jan) is inside only because the open-ended Puno emergency starts that day
    first_day = timeline.inside_only_on_announcement_day(counted, periods)
    assert sorted(first_day[first_day].index) == ["D008"]


def test_lethal_events_table(ds, counted):
    table = timeline.lethal_events(ds.events, counted, ds.departments)
    assert table["event_id"].tolist() == ["2022-12-11-town-a", "2022-12-15-town-b", "2023-01-09-town-c"]
    assert table["deaths"].tolist() == [2, 3, 2]
    # event A runs 11-12 Dec: D002, injured 11 Dec, died 14 Dec; event B is 15 Dec only: D005
    # died 16 Dec; event C: both died on 9 Jan
    assert table["died_later"].tolist() == [1, 1, 0]
    assert table["force"].tolist() == ["Police", "Army", "Police"]  # D006 (police officer): not applicable
    assert table["department"].tolist() == ["Apurímac", "Ayacucho", "Puno"]


def test_deaths_by_department_week(ds, counted):
    table = timeline.deaths_by_department_week(counted, ds.departments, "2022-12-07", "2023-03-31")
    assert list(table.index) == ["Puno", "Ayacucho", "Apurímac"]  # most deaths first
    assert table.columns[0] == pd.Timestamp("2022-12-05") and len(table.columns) == 17
    assert table.loc["Apurímac", pd.Timestamp("2022-12-05")] == 2  # Sunday 11 Dec: week of Monday 5 Dec
    assert table.loc["Ayacucho", pd.Timestamp("2022-12-12")] == 3
    assert table.loc["Puno", pd.Timestamp("2023-01-09")] == 3
    assert table.loc["Puno", pd.Timestamp("2023-02-27")] == 1  # Sunday 5 Mar
    assert int(table.to_numpy().sum()) == 9


def test_first_reports_per_person(ds, counted):
    # each person's first report is the earliest of their own sources dated to the day, on
    # or after their death: fix-a 20 Dec, fix-b 15 Jan, fix-c 9 Jan (dates set for the test)
    sources = ds.sources.assign(published=ds.sources["source_id"].map(
        {"fix-a": "2022-12-20", "fix-b": "2023-01-15", "fix-c": "2023-01-09"}))
    lag = timeline.first_reports(counted, sources)
    assert lag["death_id"].tolist() == ["D001", "D002", "D003", "D004", "D005", "D006", "D007", "D008", "D010"]
    # D001 (11 Dec, fix-a) 9; D002 (14 Dec, fix-a and fix-b: the earlier wins) 6; D003-D004
    # (15 Dec, fix-b) 31; D005 (16 Dec) 30; D006-D007 (9 Jan, fix-c the same day) 0; D008 dies
    # 10 Jan, after fix-c: no report; D010 dies 5 Mar, after fix-a: no report
    assert lag["lag_days"].tolist() == [9, 6, 31, 31, 30, 0, 0, pd.NA, pd.NA]
    assert lag["first_source"].tolist()[:2] == ["fix-a", "fix-a"]
    # reports after the final count's date do not count
    cut = timeline.first_reports(counted, sources, until="2023-01-10")
    assert cut["lag_days"].tolist() == [9, 6, pd.NA, pd.NA, pd.NA, 0, 0, pd.NA, pd.NA]


def test_first_reports_on_the_fixture_as_shipped(ds, counted):
    # fix-a is dated 1 Jan 2023; fix-b only to the month and fix-c not at all
    lag = timeline.first_reports(counted, ds.sources, until="2023-03-31")
    assert lag.dropna(subset=["lag_days"])[["death_id", "lag_days"]].values.tolist() == [["D001", 21], ["D002", 18]]


def test_revisions(ds):
    assert timeline.revisions(ds.official_counts, "Fixture Office").empty
    counts = ds.official_counts.copy()
    extra = counts.iloc[[0]].assign(count_id="fixture-2022-12-17", as_of=pd.Timestamp("2022-12-17"), total=4)
    counts = pd.concat([counts, extra], ignore_index=True)
    down = timeline.revisions(counts, "Fixture Office")
    assert down[["count_id", "previous_total", "total"]].values.tolist() == [["fixture-2022-12-17", 5, 4]]


def test_select_by_department(ds):
    puno = timeline.select_deaths(ds.deaths, ["counted"], departments=["21"])
    assert sorted(puno["death_id"]) == ["D006", "D007", "D008", "D010"]
    assert len(timeline.select_deaths(ds.deaths, ["counted"], departments=[3, "05"])) == 5  # codes as numbers too
    with pytest.raises(ValueError, match="unknown department codes"):
        timeline.select_deaths(ds.deaths, ["counted"], departments=["26"])


def test_include_deaths_adds_what_the_ombudsman_did_not_list():
    from peru_protests import data as data_mod

    deaths = data_mod.load(TINY).deaths
    base = timeline.select_deaths(deaths, ["counted", "unresolved"])
    assert len(base) == 9 and "D009" not in set(base["death_id"])
    added = timeline.select_deaths(deaths, ["counted", "unresolved"], include=["D009"])
    assert len(added) == 10 and "D009" in set(added["death_id"])
    # filters still apply to an included death: D009 is a blockade death
    assert len(timeline.select_deaths(deaths, ["counted"], ["civilian_clash"], include=["D009"])) == 6
    with pytest.raises(ValueError, match=r"\['D099'\], which are not death_ids"):
        timeline.select_deaths(deaths, ["counted"], include=["D099"])
