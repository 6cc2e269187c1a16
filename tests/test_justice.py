"""Justice analysis on small hand-made tables. Every expected value was worked out by hand
from the frames below (see the comments); the last tests run the chapter on the tiny
fixture."""

import math

import nbformat
import pandas as pd
import pytest

from peru_protests import data, justice

from conftest import TINY

T = pd.Timestamp
NA = pd.NA


def investigations_frame(rows):
    cols = ["case_id", "kind", "event_id", "title", "victims_covered", "death_ids", "office", "opened", "notes",
            "source_ids"]
    frame = pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)
    frame["opened"] = pd.to_datetime(frame["opened"])
    frame["victims_covered"] = frame["victims_covered"].astype("Int64")
    return frame


def milestones_frame(rows):
    cols = ["milestone_id", "case_id", "date", "stage", "suspects_total", "suspects_police", "suspects_military",
            "suspects_officials", "description", "source_ids"]
    frame = pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)
    frame["date"] = pd.to_datetime(frame["date"])
    for col in cols[4:8]:
        frame[col] = frame[col].astype("Int64")
    return frame


def deaths_frame(rows):
    cols = ["death_id", "name_published", "category", "department_code", "date_of_injury", "date_of_death",
            "source_ids"]
    frame = pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)
    for col in ("date_of_injury", "date_of_death"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


@pytest.fixture
def inv():
    return investigations_frame([
        # K1: two deaths, opened on a known date, archived after formalisation
        ("k1", "killing_investigation", None, "Case K1", 2, "D1;D2", None, "2023-01-10", None, "s1"),
        # K2: opening date unknown; its first dated step is in May
        ("k2", "killing_investigation", None, "Case K2", 1, "D3", None, None, None, "s1"),
        # K3: no date at all
        ("k3", "killing_investigation", None, "Case K3", 1, "D4", None, None, None, "s1"),
        # K4: a second case on D2, opened in September (no opened milestone), accusation in October
        ("k4", "killing_investigation", None, "Case K4", 1, "D2", None, "2023-09-01", None, "s2"),
        # O1: against officials; archived in July, a later "other" step does not revive it
        ("o1", "officials_investigation", None, "Case O1", None, None, None, "2023-02-01", None, "s2"),
    ])


@pytest.fixture
def ms():
    return milestones_frame([
        ("k1-open", "k1", "2023-01-10", "opened", 2, 2, NA, 1, "", "s1"),
        ("k1-pre", "k1", "2023-03-01", "preliminary", NA, NA, NA, NA, "", "s1"),
        ("k1-tr", "k1", "2023-04-01", "transferred", NA, NA, NA, NA, "", "s1"),
        ("k1-form", "k1", "2023-06-01", "formalised", 10, 6, 3, 2, "", "s1"),
        ("k1-arch", "k1", "2023-12-01", "archived", NA, NA, NA, NA, "", "s1"),
        ("k2-other", "k2", "2023-05-01", "other", 3, 3, NA, NA, "", "s1"),
        ("k2-form", "k2", "2023-08-01", "formalised", NA, NA, NA, NA, "", "s1"),
        ("k4-acc", "k4", "2023-10-01", "accusation", NA, NA, NA, NA, "", "s2"),
        ("o1-open", "o1", "2023-02-01", "opened", 4, NA, NA, 4, "", "s2"),
        ("o1-arch", "o1", "2023-07-01", "archived", 4, NA, NA, 4, "", "s2"),
        ("o1-other", "o1", "2023-08-01", "other", NA, NA, NA, NA, "", "s2"),
    ])


@pytest.fixture
def deaths():
    return deaths_frame([
        ("D1", "Name One", "civilian_clash", "05", "2022-12-15", "2022-12-15", "s1"),
        ("D2", None, "civilian_clash", "05", "2022-12-15", "2022-12-20", "s1"),
        ("D3", "C.D.", "civilian_clash", "21", "2023-01-09", "2023-01-09", "s1"),
        ("D4", "Name Four", "civilian_clash", "21", "2023-01-20", "2023-01-20", "s1"),
        ("D5", "Name Five", "civilian_clash", "08", "2023-02-01", "2023-02-01", "s1"),  # in no case
        ("D6", "Name Six", "custody", "15", "2023-03-01", "2023-03-01", "s1"),  # in no case
    ])


# --- stages ------------------------------------------------------------------------------

def test_stage_as_of_mid_april(inv, ms):
    s = justice.stage_as_of(inv, ms, "2023-04-15").set_index("case_id")
    # K1: opened, preliminary, transferred -> preliminary; a transfer does not move the stage
    assert s.loc["k1", "stage"] == "preliminary" and s.loc["k1", "rank"] == 2
    assert s.loc["k1", "status"] == "open" and s.loc["k1", "transfers"] == 1
    # K2: opening unknown, first step in May -> nothing dates it yet
    assert s.loc["k2", "stage"] == justice.NO_DATED_STEP and s.loc["k2", "rank"] == 0
    assert s.loc["k3", "stage"] == justice.NO_DATED_STEP
    # K4: known opening date in September
    assert s.loc["k4", "stage"] == justice.NOT_YET_OPENED
    assert s.loc["o1", "stage"] == "opened" and s.loc["o1", "status"] == "open"


def test_stage_as_of_year_end(inv, ms):
    s = justice.stage_as_of(inv, ms, "2023-12-31").set_index("case_id")
    # K1 reached formalisation, then was archived: the stage stays, the status changes
    assert s.loc["k1", "stage"] == "formalised"
    assert s.loc["k1", "status"] == "archived" and s.loc["k1", "archived_on"] == T("2023-12-01")
    assert s.loc["k1", "formalised_on"] == T("2023-06-01")
    assert s.loc["k2", "stage"] == "formalised" and s.loc["k2", "first_step"] == T("2023-05-01")
    assert s.loc["k3", "stage"] == justice.NO_DATED_STEP
    # K4: the opening date of the investigations table is a step; accusation is rank 4
    assert s.loc["k4", "stage"] == "accusation" and s.loc["k4", "first_step"] == T("2023-09-01")
    # O1: archived in July; the "other" step of August does not revive it
    assert s.loc["o1", "status"] == "archived" and s.loc["o1", "archived_on"] == T("2023-07-01")


def test_transfer_after_archive_revives_the_case():
    inv = investigations_frame([("m", "killing_investigation", None, "M", None, None, None, None, None, "s")])
    ms = milestones_frame([("m-a", "m", "2023-12-01", "archived", NA, NA, NA, 2, "", "s"),
                           ("m-t", "m", "2024-01-11", "transferred", NA, NA, NA, NA, "", "s")])
    assert justice.stage_as_of(inv, ms, "2023-12-31").iloc[0]["status"] == "archived"
    later = justice.stage_as_of(inv, ms, "2024-02-01").iloc[0]
    assert later["status"] == "open" and later["stage"] == "opened"
    # but the two officials the archive cleared do not come back
    table = justice.suspects_by_case(inv, ms, "2024-02-01", column="suspects_officials")
    assert table["m"].tolist() == [0, 0]


# --- victims and the funnel -----------------------------------------------------------------

def test_victim_paths_year_end(deaths, inv, ms):
    p = justice.victim_paths(deaths, inv, ms, "2023-12-31").set_index("death_id")
    assert list(p.index) == ["D1", "D2", "D3", "D4", "D5", "D6"]
    assert p.loc["D1", "stage"] == "formalised" and p.loc["D1", "status"] == "archived"
    # D2 is in K1 (archived) and K4 (accusation, open): the most advanced wins
    assert p.loc["D2", "stage"] == "accusation" and p.loc["D2", "status"] == "open"
    assert p.loc["D2", "cases"] == "k1;k4" and p.loc["D2", "formalised_on"] == T("2023-06-01")
    assert p.loc["D3", "formalised_on"] == T("2023-08-01")
    assert p.loc["D4", "stage"] == justice.NO_DATED_STEP
    assert p.loc["D5", "stage"] == justice.NO_CASE and p.loc["D5", "cases"] == ""
    assert p.loc["D6", "stage"] == justice.NO_CASE


def test_funnel_two_dates(deaths, inv, ms):
    f = justice.funnel(justice.victim_paths(deaths, inv, ms, "2023-12-31")).set_index("step")["deaths"]
    # D1, D2, D3 in a dated case and formalised; only D2's case reached an accusation
    assert f.to_dict() == {"deaths": 6, "in_case": 3, "formalised": 3, "accusation": 1, "trial": 0, "judgement": 0}
    april = justice.funnel(justice.victim_paths(deaths, inv, ms, "2023-04-15")).set_index("step")["deaths"]
    # only K1 (D1, D2) is dated by mid-April, at the preliminary stage
    assert april.to_dict() == {"deaths": 6, "in_case": 2, "formalised": 0, "accusation": 0, "trial": 0, "judgement": 0}


def test_deaths_after_as_of_are_left_out(deaths, inv, ms):
    p = justice.victim_paths(deaths, inv, ms, "2023-02-15")
    assert list(p["death_id"]) == ["D1", "D2", "D3", "D4", "D5"]  # D6 died on 1 March
    f = justice.funnel(p).set_index("step")["deaths"]
    assert f["deaths"] == 5 and f["in_case"] == 2  # K1 opened on 10 January


def test_empty_selection_does_not_crash(deaths, inv, ms):
    p = justice.victim_paths(deaths, inv, ms, "2022-11-01")
    assert p.empty
    f = justice.funnel(p)
    assert f["deaths"].tolist() == [0] * 6 and f["share"].isna().all()
    curve = justice.formalisation_curve(justice.time_to_formalisation(p, "2022-11-01"))
    assert justice.median_wait(curve) is None
    assert justice.suspects_over_time(inv, ms, "2022-11-01").empty
    assert justice.case_steps(inv, ms, "2022-11-01").empty


# --- waiting for formalisation ------------------------------------------------------------

def test_time_to_formalisation(deaths, inv, ms):
    p = justice.victim_paths(deaths, inv, ms, "2023-12-31")
    w = justice.time_to_formalisation(p, "2023-12-31").set_index("death_id")
    # 15 Dec 2022 -> 1 Jun 2023: 16 + 31 + 28 + 31 + 30 + 31 + 1 = 168
    assert w.loc["D1", "days"] == 168 and w.loc["D1", "formalised"]
    assert w.loc["D2", "days"] == 163 and w.loc["D2", "formalised"]  # from 20 Dec
    # 9 Jan -> 1 Aug 2023: 22 + 28 + 31 + 30 + 31 + 30 + 31 + 1 = 204
    assert w.loc["D3", "days"] == 204 and w.loc["D3", "formalised"]
    # still waiting at 31 Dec 2023 (censored): D4 from 20 Jan, D5 from 1 Feb, D6 from 1 Mar
    assert (w.loc["D4", "days"], w.loc["D5", "days"], w.loc["D6", "days"]) == (345, 333, 305)
    assert not w.loc[["D4", "D5", "D6"], "formalised"].any()
    curve = justice.formalisation_curve(w.reset_index())
    # S: 163 -> 5/6, 168 -> 4/6, 204 -> 4/6 * 3/4 = 1/2; median = 204
    events = curve[curve["formalised"] > 0].set_index("days")["share_formalised"]
    assert events.to_dict() == pytest.approx({163: 1 / 6, 168: 1 / 3, 204: 1 / 2})
    assert justice.median_wait(curve) == 204


def test_time_to_formalisation_from_injury(deaths, inv, ms):
    p = justice.victim_paths(deaths, inv, ms, "2023-12-31", date_basis="date_of_injury")
    w = justice.time_to_formalisation(p, "2023-12-31", "date_of_injury").set_index("death_id")
    assert w.loc["D2", "days"] == 168  # injured 15 Dec, like D1
    with pytest.raises(ValueError):
        justice.time_to_formalisation(p, "2023-12-31", "date_of_birth")


def km(days, formalised):
    return justice.formalisation_curve(pd.DataFrame({"days": days, "formalised": formalised}))


def test_kaplan_meier_with_censoring():
    # formalised at 10 and 30 days; still waiting at 20 and 40
    curve = km([10, 20, 30, 40], [True, False, True, False]).set_index("days")
    assert curve.loc[0, "share_formalised"] == 0
    assert curve.loc[10, "waiting"] == pytest.approx(0.75)            # 1 - 1/4
    assert curve.loc[20, "waiting"] == pytest.approx(0.75)            # censoring does not step
    assert curve.loc[30, "at_risk"] == 2
    assert curve.loc[30, "waiting"] == pytest.approx(0.375)           # 0.75 * (1 - 1/2)
    assert curve.loc[10, "share_formalised"] == pytest.approx(0.25)
    assert curve.loc[30, "share_formalised"] == pytest.approx(0.625)
    assert curve.loc[40, "censored"] == 1
    assert justice.median_wait(curve.reset_index()) == 30
    # a naive share (2 formalised of 4) would say 0.5; censoring matters
    assert justice.share_formalised_within(curve.reset_index(), 35) == pytest.approx(0.625)
    assert math.isnan(justice.share_formalised_within(curve.reset_index(), 41))


def test_median_undefined_when_curve_stays_above_half():
    curve = km([10, 20, 30, 40], [True, False, False, False])
    assert curve["share_formalised"].max() == pytest.approx(0.25)
    assert justice.median_wait(curve) is None


def test_censored_on_the_day_of_a_formalisation_is_at_risk():
    curve = km([10, 10, 20], [True, False, True]).set_index("days")
    assert curve.loc[10, "at_risk"] == 3
    assert curve.loc[10, "waiting"] == pytest.approx(2 / 3)
    assert curve.loc[20, "waiting"] == pytest.approx(0)
    assert justice.median_wait(curve.reset_index()) == 20


def test_median_exactly_half():
    assert justice.median_wait(km([5, 7], [True, True])) == 5  # S(5) = 0.5


# --- suspects --------------------------------------------------------------------------------

def test_suspects_over_time(inv, ms):
    s = justice.suspects_over_time(inv, ms, "2023-12-31")
    expected = {
        "2023-01-10": [2, 2, 0, 0, 1, 1],   # K1 opened: 2 police, 1 commander
        "2023-05-01": [5, 5, 0, 0, 1, 2],   # + K2's 3 police
        "2023-06-01": [13, 9, 3, 1, 2, 2],  # K1 formalised: 10 (6 police, 3 military, 1 not said) + 3
        "2023-12-01": [3, 3, 0, 0, 0, 1],   # K1 archived: only K2 counts
    }
    for day, values in expected.items():
        assert s.loc[day].tolist() == values, day
    assert list(s.columns) == ["total", "police", "military", "force_not_reported", "officials", "cases_reporting"]


def test_officials_drop_to_zero_when_archived(inv, ms):
    table = justice.suspects_by_case(inv, ms, "2023-12-31", ["officials_investigation"], "suspects_officials")
    assert table["o1"].to_dict() == {T("2023-02-01"): 4, T("2023-07-01"): 0, T("2023-08-01"): 0}


# --- the rest --------------------------------------------------------------------------------

def test_recommendations_as_of():
    recs = pd.DataFrame({
        "recommendation_id": ["a", "b", "c"], "organisation": ["X", "X", "Y"],
        "date": pd.to_datetime(["2023-01-01", "2023-05-01", "2023-01-01"]),
        "status": ["not_met", "met", "partly_met"],
        "status_as_of": pd.to_datetime(["2023-06-01", "2023-06-01", None]),
    })
    march = justice.recommendations_as_of(recs, "2023-03-01").set_index("recommendation_id")["status_then"]
    assert march.to_dict() == {"a": "not_yet_assessed", "c": "unknown"}  # b not made yet
    july = justice.recommendations_as_of(recs, "2023-07-01").set_index("recommendation_id")["status_then"]
    assert july.to_dict() == {"a": "not_met", "b": "met", "c": "unknown"}
    summary = justice.recommendation_summary(justice.recommendations_as_of(recs, "2023-07-01"))
    assert summary.loc["X", "not_met"] == 1 and summary.loc["X", "met"] == 1 and summary.loc["Y", "unknown"] == 1


def test_case_gaps(inv, ms):
    gaps = justice.case_gaps(inv, ms)
    assert gaps["cases"] == 4
    assert gaps["no_opening_date_ids"] == ["k2", "k3"]
    assert gaps["no_dated_step_ids"] == ["k3"]


def test_latest_date(inv, ms):
    assert justice.latest_date(inv, ms) == T("2023-12-01")
    assert justice.latest_date(inv.iloc[0:0], ms.iloc[0:0]) is None


# --- the tiny fixture and the chapter --------------------------------------------------------

@pytest.fixture(scope="module")
def tiny():
    return data.load(TINY)


def test_tiny_fixture_paths(tiny):
    from peru_protests import timeline
    deaths = timeline.select_deaths(tiny.deaths, ["counted", "unresolved"], ["civilian_clash", "custody"])
    day = justice.latest_date(tiny.investigations, tiny.investigation_milestones, tiny.laws,
                              tiny.recommendations, tiny.caseload)
    assert day == T("2024-12-01")  # the evidence date of the fixture's recommendation
    p = justice.victim_paths(deaths, tiny.investigations, tiny.investigation_milestones, day).set_index("death_id")
    # D003-D005: case B, formalised 1 Jun 2023; D007: case C, preliminary; D001: undated file; D002: none
    assert p.loc[["D003", "D004", "D005"], "stage"].eq("formalised").all()
    assert p.loc["D007", "stage"] == "preliminary"
    assert p.loc["D001", "stage"] == justice.NO_DATED_STEP
    assert p.loc["D002", "stage"] == justice.NO_CASE
    f = justice.funnel(p.reset_index()).set_index("step")["deaths"]
    assert (f["deaths"], f["in_case"], f["formalised"]) == (6, 4, 3)


def run_chapter(tmp_path, **params):
    import papermill
    from peru_protests.paths import CHAPTERS_DIR
    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / "justice.ipynb"
    papermill.execute_notebook(str(CHAPTERS_DIR / "justice.ipynb"), str(out), kernel_name="python3",
                               parameters={"data_dir": str(TINY), "downloads_dir": str(tmp_path / "dl"), **params},
                               cwd=str(tmp_path), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    glued = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("scrapbook")
            if meta:
                d = o["data"]
                glued[meta["name"]] = d.get(meta["mime_prefix"] + "text/markdown") or d.get(meta["mime_prefix"] + "text/plain", "")
    return glued


def test_chapter_follows_the_as_of_date(tmp_path):
    latest = run_chapter(tmp_path / "a")
    assert latest["n_deaths"] == "6" and latest["n_in_case"] == "4" and latest["n_formalised"] == "3"
    assert "1 December 2024" in latest["as_of_text"]
    early = run_chapter(tmp_path / "b", as_of="2023-03-01")
    # by 1 March 2023: cases B and C opened, nothing formalised; the median is undefined
    assert early["n_in_case"] == "4" and early["n_formalised"] == "0"
    assert "not defined" in early["median_text"]
    assert (tmp_path / "b" / "dl" / "fig-justice-funnel.csv").is_file()
    before = run_chapter(tmp_path / "c", as_of="2022-11-01")
    assert before["n_deaths"] == "0" and before["n_recs"] == "0"


def test_caseload_keeps_national_figures_apart_from_narrower_ones():
    caseload = pd.DataFrame({
        "observation_id": ["a", "b", "c", "d", "e"],
        "date": pd.to_datetime(["2023-01-10", "2023-01-25", "2023-02-09", "2023-03-01", "2024-01-01"]),
        "organisation": ["X"] * 5,
        "measure": ["protesters_detained", "protesters_detained", "protesters_detained", "other", "cases_open"],
        "scope": ["national", "national", "regional", "national", "national"],
        "value": [329, 608, 80, 254, 62],
        "qualifier": ["exact", "exact", "about", "exact", "exact"],
        "note": ["", "", "", "Other = investigations announced. More.", ""],
        "source_ids": ["s"] * 5,
    })
    shown = justice.caseload_as_of(caseload, "2023-12-31")
    assert shown["observation_id"].tolist() == ["a", "b"]  # the regional 80 and the later 62 are left out
    assert justice.caseload_as_of(caseload, "2023-12-31", scopes=["national", "regional"])["value"].tolist() == [329, 608, 80]
    other = justice.other_figures(caseload, "2023-12-31")
    assert other["observation_id"].tolist() == ["c", "d"]
    assert other["counts"].tolist() == ["Protesters detained (one region or place)", "Investigations announced"]
