"""Waits with interval and right censoring (peru_protests.censoring), on the tiny fixture.

The fixture's case-town-b (deaths D003, D004 on 15 Dec 2022, D005 on 16 Dec 2022) was
formalised on or before 1 Jun 2023, and not before 1 Mar 2023 (its date_earliest); it
was opened on 20 Dec 2022. case-town-c (D007, died 9 Jan 2023) reached only the
preliminary stage. case-town-a-undated (D001, died 11 Dec 2022) has no dated step; D002
(died 14 Dec 2022) is in no case. As of 31 Dec 2023, among the civilians killed in clashes:

    death  wait earliest   wait latest   formalised
    D003   76 (15 Dec->1 Mar)   168 (15 Dec->1 Jun)   yes
    D004   76                   168                   yes
    D005   75                   167                   yes
    D007   356 (9 Jan->31 Dec)  356                   no (right-censored)
    D001   385                  385                   no
    D002   382                  382                   no
"""

import pandas as pd
import pytest

from peru_protests import censoring, data, justice, timeline

from conftest import TINY

AS_OF = "2023-12-31"


@pytest.fixture(scope="module")
def tiny():
    return data.load(TINY)


@pytest.fixture(scope="module")
def waits(tiny):
    deaths = timeline.select_deaths(tiny.deaths, ["counted", "unresolved"], ["civilian_clash"])
    paths = justice.victim_paths(deaths, tiny.investigations, tiny.investigation_milestones, AS_OF)
    bounds = censoring.formalisation_bounds(tiny.investigations, tiny.investigation_milestones, AS_OF)
    return censoring.wait_intervals(paths, bounds, AS_OF).set_index("death_id")


def test_case_bounds(tiny):
    b = censoring.formalisation_bounds(tiny.investigations, tiny.investigation_milestones, AS_OF).set_index("case_id")
    assert (b.loc["case-town-b", "earliest"], b.loc["case-town-b", "latest"]) == (pd.Timestamp("2023-03-01"),
                                                                               pd.Timestamp("2023-06-01"))
    assert not b.loc["case-town-b", "exact"]
    assert "case-town-c" not in b.index  # only preliminary
    # before the latest possible date the formalisation is not yet known
    early = censoring.formalisation_bounds(tiny.investigations, tiny.investigation_milestones, "2023-05-31")
    assert "case-town-b" not in set(early["case_id"])


def test_wait_intervals_by_hand(waits):
    assert waits.loc["D003", ["earliest_days", "latest_days"]].tolist() == [76, 168]
    assert waits.loc["D005", ["earliest_days", "latest_days"]].tolist() == [75, 167]
    assert waits.loc["D007", ["earliest_days", "latest_days"]].tolist() == [356, 356]
    assert waits.loc["D001", "latest_days"] == 385 and waits.loc["D002", "latest_days"] == 382
    assert waits["formalised"].tolist().count(True) == 3
    assert not waits.loc["D007", "formalised"]


def test_band_and_shares_by_hand(waits):
    w = waits.reset_index()
    early, late = censoring.band(w)
    # latest dates: S(167) = 5/6, S(168) = 5/6 * (1 - 2/5) = 1/2; earliest: S(75) = 5/6, S(76) = 1/2
    assert late.set_index("days").loc[[167, 168], "share_formalised"].tolist() == pytest.approx([1 / 6, 1 / 2])
    assert early.set_index("days").loc[[75, 76], "share_formalised"].tolist() == pytest.approx([1 / 6, 1 / 2])
    # within 100 days: none at the latest dates, half at the earliest -> a range
    assert censoring.share_within_range(w, 100) == pytest.approx((0.0, 0.5))
    assert censoring.range_text(0.0, 0.5) == "0% to 50%"
    # within one year both bounds agree
    assert censoring.share_within_range(w, 365) == pytest.approx((0.5, 0.5))
    assert censoring.range_text(0.5, 0.5) == "50%"
    assert censoring.median_range(w) == (76, 168)
    assert censoring.days_range_text(76, 168) == "76 to 168 days"


def test_exact_dates_give_the_kaplan_meier_curve(tiny):
    # with the bound removed (an exact date), both curves are the ordinary Kaplan-Meier curve
    ms = tiny.investigation_milestones.copy()
    ms["date_precision"] = "day"
    ms["date_earliest"] = pd.NaT
    deaths = timeline.select_deaths(tiny.deaths, ["counted", "unresolved"], ["civilian_clash"])
    paths = justice.victim_paths(deaths, tiny.investigations, ms, AS_OF)
    w = censoring.wait_intervals(paths, censoring.formalisation_bounds(tiny.investigations, ms, AS_OF), AS_OF)
    early, late = censoring.band(w)
    km = justice.formalisation_curve(justice.time_to_formalisation(paths, AS_OF))
    pd.testing.assert_frame_equal(early, km)
    pd.testing.assert_frame_equal(late, km)
    assert w["exact"].sum() == 3


def test_month_precision_and_the_floor_of_earlier_steps():
    inv = pd.DataFrame({"case_id": ["k"], "opened": [pd.Timestamp("2023-02-10")]})
    ms = pd.DataFrame({"case_id": ["k", "k"], "stage": ["preliminary", "formalised"],
                       "date": pd.to_datetime(["2023-04-20", "2023-06-01"]),
                       "date_precision": ["day", "month"], "date_earliest": [pd.NaT, pd.NaT]})
    b = censoring.formalisation_bounds(inv, ms, "2023-12-31").iloc[0]
    # month only: 1 to 30 June
    assert (b["earliest"], b["latest"]) == (pd.Timestamp("2023-06-01"), pd.Timestamp("2023-06-30"))
    # on or before 1 June with no earliest date: raised to the preliminary step of 20 April
    ms["date_precision"] = ["day", "on_or_before"]
    b = censoring.formalisation_bounds(inv, ms, "2023-12-31").iloc[0]
    assert (b["earliest"], b["latest"]) == (pd.Timestamp("2023-04-20"), pd.Timestamp("2023-06-01"))
    # with no earlier step, the case's opening date is the floor
    b = censoring.formalisation_bounds(inv, ms.iloc[[1]], "2023-12-31").iloc[0]
    assert b["earliest"] == pd.Timestamp("2023-02-10")
