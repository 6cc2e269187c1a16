"""Regional disparity on a hand-made fixture. Four departments and eight deaths:

    code  share  population  deaths (civilian, police, blockade)
    01    80     100,000     4  (3, 1, 0)
    02    60     300,000     2  (2, 0, 0)
    03    10     400,000     1  (0, 0, 1)
    04     0     200,000     0
    (one civilian death without a department)

so with the default threshold (above 50%) the group is 01 + 02: 40% of the population
and 6 of the 7 placed deaths. Every expected value below is worked out from this table.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import brentq
from scipy.stats import binom
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from peru_protests import regional


def _departments(self_id=(None, None, None, None)):
    return pd.DataFrame({
        "department_code": ["01", "02", "03", "04"],
        "name": ["Alto", "Bajo", "Costa", "Delta"],
        "population_2017_census": [100_000, 300_000, 400_000, 200_000],
        "population_2022_estimate": [200_000, 300_000, 300_000, 200_000],
        "indigenous_mother_tongue_pct": [80.0, 60.0, 10.0, 0.0],
        "indigenous_self_id_pct": list(self_id),
        "tile_row": [0, 0, 1, 1],
        "tile_col": [0, 1, 0, 1],
    })


def _deaths():
    rows = [  # department, category, date of injury, date of death, event
        ("01", "civilian_clash", "2022-12-15", "2022-12-15", "e-alto"),
        ("01", "civilian_clash", "2022-12-15", "2022-12-20", "e-alto"),
        ("01", "civilian_clash", "2023-01-09", "2023-01-09", "e-alto"),
        ("01", "police", "2023-01-09", "2023-01-10", "e-alto"),
        ("02", "civilian_clash", "2023-01-09", "2023-01-09", "e-bajo"),
        ("02", "civilian_clash", "2023-03-01", "2023-03-02", None),
        ("03", "blockade", "2022-12-20", None, None),
        (None, "civilian_clash", "2023-02-01", "2023-02-01", None),
    ]
    frame = pd.DataFrame(rows, columns=["department_code", "category", "date_of_injury", "date_of_death", "event_id"])
    frame["date_of_injury"] = pd.to_datetime(frame["date_of_injury"])
    frame["date_of_death"] = pd.to_datetime(frame["date_of_death"])
    frame.insert(0, "death_id", [f"D{i:03d}" for i in range(1, len(frame) + 1)])
    return frame


@pytest.fixture
def deps():
    return _departments()


@pytest.fixture
def deaths():
    return _deaths()


def test_rates_per_100000(deaths, deps):
    table = regional.by_department(deaths, deps)
    assert list(table.index) == ["01", "02", "03", "04"]
    assert list(table["deaths"]) == [4, 2, 1, 0]
    assert table["rate_census_2017"].tolist() == pytest.approx([4.0, 2 / 3, 0.25, 0.0])
    assert table.loc["01", "rate_estimate_2022"] == pytest.approx(2.0)  # 4 deaths / 200,000


def test_by_department_splits_groups(deaths, deps):
    table = regional.by_department(deaths, deps)
    assert table.loc["01", ["civilians_clashes", "security_forces", "blockade", "deaths"]].tolist() == [3, 1, 0, 4]
    assert table.loc["03", "blockade"] == 1
    assert table.loc["01", "rate_estimate_2022"] == pytest.approx(2.0)
    assert table.loc["04", "deaths"] == 0


def test_group_selection(deps):
    assert regional.group_codes(deps) == ["01", "02"]
    assert regional.group_codes(deps, threshold=60) == ["01"]  # strictly above
    assert regional.group_codes(deps, threshold=5) == ["01", "02", "03"]
    with pytest.raises(ValueError, match="no Indigenous self-identification.* for 4 department"):
        regional.group_codes(deps, "self_identification")
    with pytest.raises(ValueError, match="unknown measure"):
        regional.group_codes(deps, "language")


def test_self_identification_is_a_separate_column():
    deps = _departments(self_id=(40.0, 55.0, 70.0, 5.0))
    assert regional.group_codes(deps, "self_identification") == ["02", "03"]
    assert regional.group_codes(deps, "mother_tongue") == ["01", "02"]


def test_shares(deaths, deps):
    s = regional.shares(deaths, deps, ["01", "02"])
    assert s.population_share == pytest.approx(0.4)
    assert (s.group_deaths, s.total_deaths) == (6, 7)  # the unplaced death is left out
    assert s.death_share == pytest.approx(6 / 7)


def _exact_ratio_interval(x1, e1, x2, e2):
    """Independent check: invert the binomial tails directly (conditional on x1 + x2)."""
    n = x1 + x2
    lo_p = brentq(lambda p: binom.sf(x1 - 1, n, p) - 0.025, 1e-12, 1 - 1e-12) if x1 > 0 else 0.0
    hi_p = brentq(lambda p: binom.cdf(x1, n, p) - 0.025, 1e-12, 1 - 1e-12) if x2 > 0 else 1.0
    to_ratio = lambda p: p / (1 - p) * e2 / e1  # noqa: E731
    return to_ratio(lo_p), to_ratio(hi_p)


def test_rate_ratio_against_known_exact_result():
    # Clopper-Pearson 95% for 5 of 10 is 0.1871 to 0.8129 (standard tables); with equal
    # exposures the ratio interval is p/(1-p): 0.2302 to 4.3447.
    rr, lo, hi = regional.rate_ratio(5, 1.0, 5, 1.0)
    assert rr == 1.0
    assert lo == pytest.approx(0.18709 / 0.81291, rel=1e-3)
    assert hi == pytest.approx(0.81291 / 0.18709, rel=1e-3)


def test_group_rate_ratio_and_interval(deaths, deps):
    rr, lo, hi = regional.group_rate_ratio(deaths, deps, ["01", "02"])
    assert rr == pytest.approx(9.0)  # (6 / 400,000) / (1 / 600,000)
    # upper limit by hand: Clopper-Pearson upper for 6 of 7 is 0.975 ** (1/7) = 0.99639,
    # so the ratio is 0.99639 / 0.00361 x 1.5 (exposure ratio) = 414.0
    assert hi == pytest.approx(0.975 ** (1 / 7) / (1 - 0.975 ** (1 / 7)) * 1.5, rel=1e-6)
    assert hi == pytest.approx(414.0, rel=1e-3)
    assert (lo, hi) == pytest.approx(_exact_ratio_interval(6, 400_000, 1, 600_000), rel=1e-6)
    assert lo < rr < hi


def test_rate_ratio_edge_cases():
    rr, lo, hi = regional.rate_ratio(3, 1.0, 0, 1.0)
    assert rr == math.inf and hi == math.inf and lo > 0
    rr, lo, hi = regional.rate_ratio(0, 1.0, 4, 1.0)
    # x1 = 0: lower 0, upper from 1 - 0.025 ** (1/4)
    p = 1 - 0.025 ** (1 / 4)
    assert (rr, lo) == (0.0, 0.0) and hi == pytest.approx(p / (1 - p))
    rr, lo, hi = regional.rate_ratio(0, 1.0, 0, 1.0)
    assert math.isnan(rr)


def test_threshold_sweep(deaths, deps):
    sweep = regional.threshold_sweep(deaths, deps, thresholds=[0, 50, 70, 90]).set_index("threshold")
    assert sweep["departments"].tolist() == [3, 2, 1, 0]
    assert sweep["population_share"].tolist() == pytest.approx([0.8, 0.4, 0.1, 0.0])
    assert sweep["death_share"].tolist() == pytest.approx([1.0, 6 / 7, 4 / 7, 0.0])
    assert sweep.loc[0, "rate_ratio"] == math.inf  # no deaths outside the group
    assert sweep.loc[50, "rate_ratio"] == pytest.approx(9.0)
    assert sweep.loc[70, "rate_ratio"] == pytest.approx(12.0)  # (4/100k) / (3/900k)
    assert math.isnan(sweep.loc[90, "rate_ratio"])  # empty group


def test_leave_one_out(deaths, deps):
    loo = regional.leave_one_out(deaths, deps, ["01", "02"]).set_index("left_out")
    assert list(loo.index) == ["Alto", "Bajo", "Costa"]  # departments with deaths, most first
    assert loo.loc["Alto", "rate_ratio"] == pytest.approx(4.0)   # (2/300k) / (1/600k)
    assert loo.loc["Bajo", "rate_ratio"] == pytest.approx(24.0)  # (4/100k) / (1/600k)
    assert loo.loc["Costa", "rate_ratio"] == math.inf            # rest has no deaths
    assert loo["in_group"].tolist() == [True, True, False]


def test_as_of_and_claim_table(deaths, deps):
    # by 10 Jan 2023: five deaths (D006 died in March, D008 in February); D007 has no
    # date of death and is dated by its injury (20 Dec)
    assert sorted(regional.as_of(deaths, "2023-01-10")["death_id"]) == ["D001", "D002", "D003", "D004", "D005", "D007"]
    table = regional.claim_table(deaths, deps, ["01", "02"],
                                 {"civilians": ["civilian_clash"], "all": None},
                                 {"10 Jan": "2023-01-10", "final": None})
    rows = table.set_index(["definition", "as_of"])
    assert rows.loc[("civilians", "10 Jan"), ["group_deaths", "deaths"]].tolist() == [4, 4]
    assert rows.loc[("civilians", "final"), ["group_deaths", "deaths", "unplaced"]].tolist() == [5, 5, 1]
    assert rows.loc[("all", "final"), "death_share"] == pytest.approx(6 / 7)
    assert rows.loc[("all", "10 Jan"), "rate_ratio"] == pytest.approx(7.5)  # (5/400k) / (1/600k)
    assert (rows["population_share"] == 0.4).all()


def test_poisson_regression_recovers_known_coefficients():
    # expected deaths exactly population x exp(a + b x): the fit must return a and b
    a, b = -11.0, 0.05
    share = np.array([0.0, 10.0, 30.0, 60.0, 90.0])
    pop = np.array([1e6, 5e5, 2e5, 3e5, 1e5])
    deps = pd.DataFrame({"department_code": ["01", "02", "03", "04", "05"], "name": list("ABCDE"),
                         "population_2017_census": pop, "indigenous_mother_tongue_pct": share})
    expected = pop * np.exp(a + b * share)  # 16.7, 13.7, 20.1, 60.3, 9.0
    # statsmodels warns that the fit is perfect, which is the point of this test
    with pytest.warns(PerfectSeparationWarning):
        fit = regional.poisson_regression(None, deps, counts=pd.Series(expected, index=deps["department_code"]))
    assert fit["coef"] == pytest.approx(b, rel=1e-6)
    assert fit["intercept"] == pytest.approx(a, rel=1e-6)
    assert fit["rate_ratio"] == pytest.approx(math.exp(10 * b), rel=1e-6)  # per 10 points
    assert fit["dispersion"] == pytest.approx(0.0, abs=1e-8)  # perfect fit
    assert fit["departments"] == 5


def test_poisson_regression_on_counts(deaths, deps):
    fit = regional.poisson_regression(deaths, deps)
    assert fit["departments"] == 4
    assert fit["lower"] < fit["rate_ratio"] < fit["upper"]
    assert fit["rate_ratio"] > 1  # more deaths where the share is higher


def test_deadliest_event_and_periods(deaths):
    assert regional.deadliest_event(deaths) == "e-alto"
    inside = regional.in_periods(deaths, [("2022-12-07", "2022-12-19"), ("2023-01-04", "2023-01-20")])
    assert sorted(inside["death_id"]) == ["D001", "D002", "D003", "D004", "D005"]


def test_exposure_and_lethality(deaths, deps):
    activity = pd.DataFrame({
        "measure": ["injured_attended", "injured_attended", "injured_attended", "injured_attended", "road_blockades"],
        "department_code": ["01", "02", "03", "01", "03"],
        "value": [30, 20, 50, 10, 7],
    })
    table = regional.exposure(deaths, deps, activity, ["01", "02"])
    assert table.loc["01", "injured_attended"] == 40  # two reports added
    assert pd.isna(table.loc["02", "max_road_blockades"])  # no figure is not zero
    assert "04" not in table.index  # no deaths, no figures
    shares = regional.exposure_shares(table, deps)
    assert shares["departments"] == 3
    assert shares["population_share"] == pytest.approx(0.5)  # 400k of 800k
    assert shares["injured_share"] == pytest.approx(60 / 110)
    assert shares["death_share"] == pytest.approx(6 / 7)
    rr, lo, hi = regional.lethality_ratio(table)
    assert rr == pytest.approx(5.0)  # (6 / 60) / (1 / 50)
    assert lo < 5.0 < hi


def test_sensitivity_table(deaths, deps):
    table = regional.sensitivity(deaths, deps, ["01", "02"], "baseline",
                                 {"without e-alto": (deaths[deaths["event_id"] != "e-alto"], "census_2017"),
                                  "2022 estimate": (deaths, "estimate_2022")})
    assert table["variant"].tolist() == ["baseline", "without e-alto", "2022 estimate"]
    # without e-alto: (2 / 400k) / (1 / 600k) = 3; on the 2022 estimates the group and
    # the rest have 500k people each, so 6 deaths against 1 gives 6
    assert table["rate_ratio"].tolist() == pytest.approx([9.0, 3.0, 6.0])
    assert table["group_deaths"].tolist() == [6, 2, 6]


def test_check_claim_tolerance():
    table = pd.DataFrame({"population_share": [0.1276, 0.1276, 0.16], "death_share": [0.816, 0.75, 0.80]})
    checked = regional.check_claim(table, 13, 80, tolerance_points=2.5)
    assert checked["population_matches"].tolist() == [True, True, False]  # 16% is 3 points off
    assert checked["deaths_match"].tolist() == [True, False, True]        # 75% is 5 points off
    assert checked["both_within_tolerance"].tolist() == [True, False, False]
    assert checked["deaths_verdict"].tolist() == ["about the same as claimed (within 2.5 points)",
                                                  "lower than claimed (by 5.0 points)",
                                                  "about the same as claimed (within 2.5 points)"]
    assert checked["population_verdict"].iloc[2] == "higher than claimed (by 3.0 points)"
    narrow = regional.check_claim(table, 13, 80, tolerance_points=1.0)
    assert narrow["deaths_match"].tolist() == [False, False, True]
    # 81.6% against a claimed 80% with a 1-point tolerance: higher, never "does not hold"
    assert narrow["deaths_verdict"].iloc[0] == "higher than claimed (by 1.6 points)"


def test_no_deaths_gives_empty_but_well_formed_results(deaths, deps):
    none = deaths.iloc[0:0]
    assert regional.leave_one_out(none, deps, ["01"]).empty
    assert list(regional.leave_one_out(none, deps, ["01"]).columns)[:3] == ["left_out", "in_group", "deaths_left_out"]
    assert math.isnan(regional.shares(none, deps, ["01"]).death_share)
    assert regional.deadliest_event(none) is None
