"""Clustering-aware intervals and verdict wording, on fixtures worked out by hand.

The regional fixture of test_regional: departments 01 (100,000 people) and 02 (300,000)
form the group, 03 (400,000) and 04 (200,000) the rest. Deaths with a department: event
e-alto has 4 deaths in 01, event e-bajo 1 in 02, one death in 02 and one in 03 have no
event id (each its own cluster). So there are 4 clusters: 3 in the group (4, 1 and 1
deaths) and 1 in the rest (1 death)."""

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.stats import beta

from peru_protests import uncertainty as u
from peru_protests import verdicts

from test_regional import _departments, _deaths


@pytest.fixture
def deaths():
    return _deaths()


@pytest.fixture
def pop():
    return u.population(_departments())


GROUP = ["01", "02"]


def test_clusters_are_events_or_single_deaths(deaths):
    c = u.clusters(deaths)
    assert c.tolist() == ["e-alto"] * 4 + ["e-bajo", "death:D006", "death:D007", "death:D008"]
    m = u.cluster_matrix(deaths, ["01", "02", "03", "04"])
    # D008 has no department and is left out; 4 clusters remain
    assert m.loc["e-alto"].tolist() == [4, 0, 0, 0]
    assert m.loc["death:D007"].tolist() == [0, 0, 1, 0]
    assert len(m) == 4


def test_resample_weights_draw_k_clusters_with_replacement():
    w = u.resample_weights(4, 1000, seed=3)
    assert w.shape == (1000, 4)
    assert (w.sum(axis=1) == 4).all()
    # each cluster is drawn on average once per resample
    assert w.mean(axis=0) == pytest.approx([1, 1, 1, 1], abs=0.1)
    assert (u.resample_weights(4, 5, seed=3) == u.resample_weights(4, 5, seed=3)).all()  # seeded


def test_bootstrap_statistic_by_hand_on_the_drawn_resamples(deaths, pop):
    # Recompute the ratio from the drawn weights by hand: clusters in matrix order are
    # death:D006 (02, group), death:D007 (03, rest), e-alto (01, group, 4), e-bajo (02, group)
    m = u.cluster_matrix(deaths, pop.index)
    assert m.index.tolist() == ["death:D006", "death:D007", "e-alto", "e-bajo"]
    w = u.resample_weights(4, 3, seed=11)
    b = u.bootstrap_ratio(deaths, pop, GROUP, resamples=3, seed=11, level=0.5)
    ratios = []
    for row in w:
        group = row[0] * 1 + row[2] * 4 + row[3] * 1
        rest = row[1] * 1
        ratios.append((group / 400_000) / (rest / 600_000) if rest else math.inf)
    ratios = sorted(ratios)
    # level 0.5 with 3 resamples: the 25th and 75th percentiles by inverted CDF are the
    # 1st and 3rd order statistics
    assert b["lower"] == pytest.approx(ratios[0])
    assert b["upper"] == pytest.approx(ratios[2])
    assert b["rate_ratio"] == pytest.approx((6 / 400_000) / (1 / 600_000))  # 9


def test_bootstrap_share_of_infinite_ratios_matches_the_closed_form(deaths, pop):
    # The rest has one cluster out of 4: a resample leaves it out with probability
    # (3/4)^4 = 0.3164, and then the ratio is infinite.
    b = u.bootstrap_ratio(deaths, pop, GROUP, resamples=20_000, seed=u.SEED)
    assert b["rest_empty"] == pytest.approx(0.75 ** 4, abs=0.01)
    # so the upper limit of the 95% interval is unbounded
    assert math.isinf(b["upper"])
    # and the group's share is 1 in those resamples: the upper share limit is 1
    assert b["share_upper"] == 1.0


def test_bootstrap_degenerate_case_gives_the_point_estimate():
    # every cluster has one death in the group and one in the rest: each resample has the
    # same ratio, so the interval collapses onto it
    deps = pd.Series([100.0, 300.0], index=["A", "B"])
    deaths = pd.DataFrame({"death_id": [f"D{i}" for i in range(6)], "event_id": ["e1", "e1", "e2", "e2", "e3", "e3"],
                           "department_code": ["A", "B"] * 3})
    b = u.bootstrap_ratio(deaths, deps, ["A"], resamples=500)
    assert b["rate_ratio"] == pytest.approx(3.0)
    assert (b["lower"], b["upper"]) == pytest.approx((3.0, 3.0))
    assert (b["share_lower"], b["share_upper"]) == pytest.approx((0.5, 0.5))


def test_bootstrap_is_stable_across_seeds(deaths, pop):
    a = u.bootstrap_ratio(deaths, pop, GROUP, resamples=u.RESAMPLES, seed=1)
    b = u.bootstrap_ratio(deaths, pop, GROUP, resamples=u.RESAMPLES, seed=2)
    assert a["lower"] == pytest.approx(b["lower"], rel=0.15)
    assert a["share_lower"] == pytest.approx(b["share_lower"], abs=0.05)


def test_count_models_match_statsmodels_on_a_fixture():
    counts = pd.Series({"a": 5, "b": 0, "c": 9, "d": 1, "e": 2, "f": 0})
    expo = pd.Series({"a": 1e5, "b": 2e5, "c": 3e5, "d": 2e5, "e": 4e5, "f": 1e5})
    got = u.count_models(counts, expo, ["a", "b", "c"])
    x = sm.add_constant(pd.DataFrame({"group": [1.0, 1, 1, 0, 0, 0]}))
    y = counts.to_numpy(dtype=float)
    nb = sm.NegativeBinomial(y, x, exposure=expo.to_numpy()).fit(disp=0, maxiter=200)
    lo, hi = nb.conf_int().loc["group"]
    assert got["nb_ratio"] == pytest.approx(math.exp(nb.params["group"]))
    assert (got["nb_lower"], got["nb_upper"]) == pytest.approx((math.exp(lo), math.exp(hi)))
    assert got["nb_alpha"] == pytest.approx(nb.params["alpha"])
    # quasi-Poisson: the point is the crude ratio (14/6e5)/(3/7e5), the interval the
    # Poisson one widened by the square root of the Pearson dispersion
    assert got["quasi_ratio"] == pytest.approx((14 / 6e5) / (3 / 7e5))
    poisson = sm.GLM(y, x, family=sm.families.Poisson(), offset=np.log(expo.to_numpy())).fit()
    se = poisson.bse["group"] * math.sqrt(got["dispersion"])
    assert got["quasi_upper"] == pytest.approx(math.exp(poisson.params["group"] + 1.959964 * se), rel=1e-5)


def test_count_models_need_deaths_on_both_sides():
    counts = pd.Series({"a": 5, "b": 0})
    got = u.count_models(counts, pd.Series({"a": 1.0, "b": 1.0}), ["a"])
    assert math.isnan(got["nb_ratio"]) and math.isnan(got["quasi_ratio"])


def test_counting_lethal_events_instead_of_deaths(deaths, pop):
    # group: e-alto, e-bajo, D006 = 3 events in 400,000; rest: D007 = 1 event in 600,000
    e = u.event_ratio(deaths, pop, GROUP)
    assert (e["group_events"], e["events"]) == (3, 4)
    assert e["rate_ratio"] == pytest.approx((3 / 400_000) / (1 / 600_000))  # 4.5
    # exact interval: given 4 events, the group's 3 are binomial with p = r·4/(r·4 + 6);
    # the Clopper-Pearson limits of p are beta quantiles, mapped back by r = p/(1-p)·6/4
    p_lo, p_hi = beta.ppf(0.025, 3, 2), beta.ppf(0.975, 4, 1)
    assert e["lower"] == pytest.approx(p_lo / (1 - p_lo) * 1.5)
    assert e["upper"] == pytest.approx(p_hi / (1 - p_hi) * 1.5)


def test_leave_one_event_out(deaths, pop):
    loo = u.leave_one_event_out(deaths[deaths["department_code"].notna()], pop, GROUP).set_index("event")
    assert loo.loc["e-alto", "deaths_left_out"] == 4
    # without e-alto: 2 group deaths in 400,000 against 1 in 600,000 = 3
    assert loo.loc["e-alto", "rate_ratio"] == pytest.approx(3.0)
    # without the only death of the rest the ratio has no upper bound
    assert math.isinf(loo.loc["death:D007", "rate_ratio"])
    s = u.summary(deaths, pop, GROUP, resamples=200)
    assert s["loo_min"] == pytest.approx(3.0)
    assert s["loo_lowest"]["event"] == "e-alto"


@pytest.mark.parametrize("value, verdict", [
    (82.5, "about the same as claimed (within 2.5 points)"),   # at the boundary: within
    (77.5, "about the same as claimed (within 2.5 points)"),
    (82.6, "higher than claimed (by 2.6 points)"),
    (77.4, "lower than claimed (by 2.6 points)"),
    (83.9, "higher than claimed (by 3.9 points)"),              # the case that read "does not hold"
])
def test_verdict_wording_at_the_boundaries(value, verdict):
    assert verdicts.claim_verdict(value, 80, 2.5) == verdict


def test_count_verdicts_and_numbers():
    assert verdicts.count_verdict(67, 67) == "the same as published"
    assert verdicts.count_verdict(69, 67) == "2 more than published"
    assert verdicts.count_verdict(66, 67) == "1 fewer than published"
    assert verdicts.sig(4.787) == "4.8"
    assert verdicts.sig(121.4) == "121"
    assert verdicts.sig(0.4296) == "0.43"
    assert verdicts.sig(math.inf) == "unbounded"
    assert verdicts.covers_one(0.43, 12.9) == "includes"
    assert verdicts.covers_one(1.1, 6.8) == "above"


def _summary(boot, exact):
    return {"rate_ratio": 2.7, "boot_lower": boot[0], "boot_upper": boot[1], "exact_lower": exact[0],
            "exact_upper": exact[1]}


def test_exposure_verdict_follows_the_leading_interval():
    from peru_protests import regional_text

    # the book's case: exact interval above 1, cluster bootstrap including 1 -> cannot tell
    text = regional_text.lethality_verdict(_summary((0.43, 12.9), (1.26, 6.79)))
    assert "cannot tell" in text and "exact interval, which lies above 1" in text
    assert "does not explain all" not in text
    assert "does not explain all of it" in regional_text.lethality_verdict(_summary((1.01, 9), (1.2, 6)))
    assert "less frequent" in regional_text.lethality_verdict(_summary((0.2, 0.99), (0.3, 0.9)))
    assert regional_text.lead_ratio({"rate_ratio": 30.4, "boot_lower": 4.97, "boot_upper": 120.4}) == \
        "30 \\(95\\% interval 5\\.0 to 120\\, cluster bootstrap over lethal events\\)"
