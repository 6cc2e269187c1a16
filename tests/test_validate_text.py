"""Cell-text rules, strict dates, minors and file-line numbers: each rule is shown
failing on a corrupted copy of the tiny fixture, with file, line, column, value and rule."""

import datetime as dt

import pytest

from peru_protests.validate import validate_dir

from test_validate import edit, only

TODAY = dt.date(2026, 12, 3)


def problems(data_dir):
    return validate_dir(data_dir, today=TODAY)


def test_fixture_is_valid_on_a_fixed_day(tiny_copy):
    assert problems(tiny_copy) == []


@pytest.mark.parametrize("bad", ["2022-12-9", "2022-1-09", "22-12-09", "2022/12/09", "16/02/2023"])
def test_dates_must_be_iso_with_padded_month_and_day(tiny_copy, bad):
    edit(tiny_copy, "deaths.csv", "D004,,unnamed,34,no,male,2022-12-15,", f"D004,,unnamed,34,no,male,{bad},")
    # one problem: no type-date duplicate and no date-order against the malformed cell
    only(problems(tiny_copy), file="deaths.csv", row=5, column="date_of_injury", value=bad, rule="date-iso")


def test_impossible_day_in_a_date_column(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2023-03-05,2023-03-05", "2023-02-30,2023-03-05")
    found = only(problems(tiny_copy), file="deaths.csv", row=11, column="date_of_injury", rule="date-iso")
    assert "does not exist" in found.message


@pytest.mark.parametrize("bad", ["2023-02-30", "2022-13-45", "2023-00", "2023-1"])
def test_impossible_partial_dates_in_sources(tiny_copy, bad):
    edit(tiny_copy, "sources.csv", "[Fixture source A],2023-01-01,", f"[Fixture source A],{bad},")
    only(problems(tiny_copy), file="sources.csv", row=2, column="published", value=bad, rule="date-iso")


def test_partial_dates_allowed_where_declared(tiny_copy):
    edit(tiny_copy, "sources.csv", "[Fixture source A],2023-01-01,", "[Fixture source A],2023,")
    assert problems(tiny_copy) == []


def test_future_dates_are_refused(tiny_copy):
    edit(tiny_copy, "investigation_milestones.csv", "case-town-b,2023-06-01,", "case-town-b,2029-06-01,")
    found = only(problems(tiny_copy), file="investigation_milestones.csv", row=3, column="date",
                 value="2029-06-01", rule="date-not-future")
    assert "2026-12-03" in found.message
    edit(tiny_copy, "investigation_milestones.csv", "2029-06-01", "2026-12-03")  # today itself is fine
    assert problems(tiny_copy) == []


def test_future_partial_date(tiny_copy):
    edit(tiny_copy, "sources.csv", "[Fixture source B],2023-02,", "[Fixture source B],2027-01,")
    only(problems(tiny_copy), file="sources.csv", row=3, column="published", rule="date-not-future")


def test_population_must_be_positive(tiny_copy):
    edit(tiny_copy, "departments.csv", "-72.8861,400000,", "-72.8861,0,")
    only(problems(tiny_copy), file="departments.csv", row=2, column="population_2017_census", value="0",
         rule="constraint-minimum")


def test_newline_in_a_cell_and_file_lines_after_it(tiny_copy):
    edit(tiny_copy, "deaths.csv", ",died three days later,", ',"died three\ndays later",')
    edit(tiny_copy, "deaths.csv", "D004,,unnamed,34,", "D004,,unnamed,thirty,")
    found = problems(tiny_copy)
    assert [(p.row, p.column, p.rule) for p in found] == [
        (3, "notes", "text-no-control"),
        (6, "age", "type-integer"),  # D004 starts on line 6 of the file now, not record 5
    ]
    assert found[0].value == "died three\\ndays later"


@pytest.mark.parametrize("bad, rule", [
    ("Invented.\x00", "text-no-control"),
    ("Invented.\t", "text-no-control"),
    (" Invented.", "text-no-surrounding-space"),
    ("Invented. ", "text-no-surrounding-space"),
])
def test_control_characters_and_surrounding_spaces(tiny_copy, bad, rule):
    edit(tiny_copy, "recommendations.csv", "not_met,2024-12-01,Invented.,", f"not_met,2024-12-01,{bad},")
    only(problems(tiny_copy), file="recommendations.csv", row=2, column="evidence", rule=rule)


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<!-- hidden -->",
    "{download}`x <../../../../etc/hosts>`",
    "see [here](javascript:alert(1))",
    "javascript:alert(1)",
    "{raw}",
])
def test_markup_in_free_text_is_refused(tiny_copy, payload):
    edit(tiny_copy, "recommendations.csv", "not_met,2024-12-01,Invented.,", f'not_met,2024-12-01,"{payload}",')
    only(problems(tiny_copy), file="recommendations.csv", row=2, column="evidence", rule="text-no-markup")


def test_ordinary_punctuation_is_not_markup(tiny_copy):
    text = "Costs (US$ 5,000) & 3 < 4; 50% said: \"no\" - [sic] {not a role}"
    edit(tiny_copy, "recommendations.csv", "not_met,2024-12-01,Invented.,", f'not_met,2024-12-01,"{text.replace(chr(34), chr(34) * 2)}",')
    assert problems(tiny_copy) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "../../etc/hosts", "example.org/a", "https://ex ample.org"])
def test_addresses_must_be_http(tiny_copy, url):
    edit(tiny_copy, "sources.csv", "https://example.org/a", url)
    only(problems(tiny_copy), file="sources.csv", row=2, column="url", rule="url-http")


def test_age_under_18_requires_minor_yes(tiny_copy):
    # a full name with age 15 and minor=no: both the age and the name are flagged, the name never echoed
    edit(tiny_copy, "deaths.csv", "D004,,unnamed,34,no,", "D004,Juan Pérez Quispe,full_name,15,no,")
    found = problems(tiny_copy)
    assert [(p.row, p.column, p.rule) for p in found] == [
        (5, "minor", "minor-by-age"), (5, "name_source_ids", "full-name-needs-adult")]
    assert not any("Juan" in str(p) for p in found)


def test_minor_unknown_at_age_16(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D004,,unnamed,34,no,", "D004,,unnamed,16,unknown,")
    only(problems(tiny_copy), row=5, column="minor", value="unknown", rule="minor-by-age")


def test_adult_age_contradicts_minor_yes(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D004,,unnamed,34,no,", "D004,,unnamed,34,yes,")
    only(problems(tiny_copy), row=5, column="minor", rule="minor-by-age")


def test_full_name_without_age_needs_the_sources_that_publish_it(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D003,,unnamed,,unknown,", "D003,Ana Mamani,full_name,,unknown,")
    only(problems(tiny_copy), row=4, column="name_source_ids", value="", rule="full-name-needs-adult")
    edit(tiny_copy, "deaths.csv", "army,counted,fix-b,,\n", "army,counted,fix-b,,fix-b\n")
    assert problems(tiny_copy) == []


def test_name_sources_must_be_among_the_row_sources(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D003,,unnamed,,unknown,", "D003,Ana Mamani,full_name,,unknown,")
    edit(tiny_copy, "deaths.csv", "army,counted,fix-b,,\n", "army,counted,fix-b,,fix-c\n")
    only(problems(tiny_copy), row=4, column="name_source_ids", value="fix-c", rule="name-sources-cited")


def test_more_than_a_thousand_problems_are_all_listed(tiny_copy):
    path = tiny_copy / "daily_activity.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1]
    cells = first.split(",")
    rows = []
    for i in range(1200):
        bad = list(cells)
        bad[0] = f"obs-{i}"
        bad[cells.index("100")] = "many"  # value: not an integer
        rows.append(",".join(bad))
    path.write_text("\n".join([header, *lines[1:], *rows]) + "\n", encoding="utf-8")
    found = [p for p in problems(tiny_copy) if p.rule == "type-integer"]
    assert len(found) == 1200
    assert found[-1].row == len(lines) + 1200
