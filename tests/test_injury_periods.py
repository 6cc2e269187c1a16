"""The periods of the health ministry's injury reports are data (daily_activity.period_start
to the row's date), checked by the validator and derived by the regional chapter; what a
parameter left unset came to is shown in "How this chapter was run"."""

import nbformat
import pandas as pd

from peru_protests import data, markup, regional, runinfo
from peru_protests.validate import validate_dir

from conftest import TINY
from test_validate import edit, only


def test_periods_come_from_the_rows():
    # tiny: two reports for 05/21 on 19 Dec (from 7 Dec) and one for 21 on 20 Jan (from 4 Jan).
    assert regional.injured_periods(data.load(TINY).daily_activity) == [
        ["2022-12-07", "2022-12-19"], ["2023-01-04", "2023-01-20"]]


def test_a_new_report_extends_the_periods():
    activity = pd.DataFrame({"measure": ["injured_attended", "injured_attended", "road_blockades"],
                             "period_start": pd.to_datetime(["2023-02-01", "2022-12-07", None]),
                             "date": pd.to_datetime(["2023-02-10", "2022-12-19", "2023-02-05"])})
    assert regional.injured_periods(activity) == [["2022-12-07", "2022-12-19"], ["2023-02-01", "2023-02-10"]]


def test_a_cumulative_figure_needs_its_period(tiny_copy):
    edit(tiny_copy, "daily_activity.csv", "2022-12-19,2022-12-07,injured_attended,30", "2022-12-19,,injured_attended,30")
    only(validate_dir(tiny_copy), file="daily_activity.csv", row=8, column="period_start",
         rule="period-start-required")


def test_a_period_cannot_begin_after_its_report(tiny_copy):
    edit(tiny_copy, "daily_activity.csv", "2023-01-20,2023-01-04,", "2023-01-20,2023-01-24,")
    only(validate_dir(tiny_copy), file="daily_activity.csv", row=10, column="period_start", value="2023-01-24",
         rule="date-order")


def test_only_cumulative_figures_have_a_period(tiny_copy):
    edit(tiny_copy, "daily_activity.csv", "2022-12-16,,road_blockades,80", "2022-12-16,2022-12-10,road_blockades,80")
    only(validate_dir(tiny_copy), file="daily_activity.csv", row=4, column="period_start",
         rule="period-start-only-cumulative")


def test_overlapping_periods_of_one_department_would_count_people_twice(tiny_copy):
    # Department 21's second report made to start on 19 Dec overlaps its first (7-19 Dec).
    edit(tiny_copy, "daily_activity.csv", "2023-01-20,2023-01-04,", "2023-01-20,2022-12-19,")
    problems = validate_dir(tiny_copy)
    only(problems, file="daily_activity.csv", row=10, column="period_start", rule="periods-no-overlap")
    assert "line 9" in problems[0].message


def test_the_run_box_shows_what_an_unset_parameter_came_to():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={markup.GLUE_PREFIX + "text/plain": "'2025-06-30'"},
                                           metadata={"scrapbook": {"name": "resolved_as_of"}}),
                    nbformat.v4.new_output("display_data", data={markup.GLUE_PREFIX + "text/plain": "7"},
                                           metadata={"scrapbook": {"name": "n_deaths"}})]
    nb.cells.append(cell)
    assert runinfo.resolved_values(nb) == {"as_of": "2025-06-30"}
    info = runinfo.BuildInfo("0.2.0", "0.5.0", "data", "abc", "2026-12-03", "2025-06-30", False)
    box = str(runinfo.how_run_markdown("justice", {"as_of": None, "start": "2022-12-07"}, set(), {}, info,
                                       resolved={"as_of": "2025-06-30"}))
    assert "| `as_of` | 2025\\-06\\-30 (not set: worked out from the data) |" in box
    assert "| `start` | 2022\\-12\\-07 |" in box
