"""The validator on the tiny fixture and on corrupted copies of it. Each corrupted
variant must fail with the precise file, row, column, value and rule."""

import subprocess
import sys

import pytest

from peru_protests.validate import DataValidationError, Problem, require_valid, validate_dir

from conftest import TINY


def edit(data_dir, name, old, new, count=1):
    path = data_dir / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"fixture text {old!r} not found in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def only(problems, **expected):
    """The single problem of the list, checked field by field."""
    assert len(problems) == 1, "\n".join(map(str, problems))
    for key, value in expected.items():
        assert getattr(problems[0], key) == value, (key, problems[0])
    return problems[0]


def test_fixture_is_valid():
    assert validate_dir(TINY) == []


def test_missing_file(tiny_copy):
    (tiny_copy / "deaths.csv").unlink()
    only(validate_dir(tiny_copy), file="deaths.csv", rule="file-present")


def test_empty_file(tiny_copy):
    (tiny_copy / "events.csv").write_text("")
    only(validate_dir(tiny_copy), file="events.csv", rule="not-empty")


def test_header_only(tiny_copy):
    header = (tiny_copy / "sources.csv").read_text().splitlines()[0]
    (tiny_copy / "sources.csv").write_text(header + "\n")
    problems = validate_dir(tiny_copy)
    assert Problem("sources.csv", None, None, None, "at-least-one-row",
                   "the file has a header but no rows") in problems


def test_byte_order_mark(tiny_copy):
    path = tiny_copy / "departments.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    only(validate_dir(tiny_copy), file="departments.csv", row=1, rule="encoding-utf8-no-bom")


def test_wrong_encoding(tiny_copy):
    path = tiny_copy / "departments.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    # "Apurímac" on line 2 is the first non-ASCII character
    only(validate_dir(tiny_copy), file="departments.csv", row=2, rule="encoding-utf8", value="\\xedmac")


def test_semicolon_delimiter(tiny_copy):
    path = tiny_copy / "sources.csv"
    path.write_text(path.read_text().replace(",", ";"))
    p = only(validate_dir(tiny_copy), file="sources.csv", row=1, rule="delimiter-comma")
    assert p.value.startswith("source_id;organisation")


def test_missing_column(tiny_copy):
    edit(tiny_copy, "events.csv", ",key_event,", ",")
    path = tiny_copy / "events.csv"
    lines = path.read_text().splitlines()
    lines[1:] = [ln.replace(",yes,fix", ",fix").replace(",no,fix", ",fix") for ln in lines[1:]]
    path.write_text("\n".join(lines) + "\n")
    only(validate_dir(tiny_copy), file="events.csv", row=1, column="key_event", rule="header-columns")


def test_extra_column(tiny_copy):
    path = tiny_copy / "sources.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",comment"] + [ln + "," for ln in lines[1:]]) + "\n")
    only(validate_dir(tiny_copy), file="sources.csv", row=1, column="comment", value="comment",
         rule="header-columns")


def test_column_order(tiny_copy):
    edit(tiny_copy, "sources.csv", "source_id,organisation,", "organisation,source_id,")
    only(validate_dir(tiny_copy), file="sources.csv", row=1, rule="header-order")


def test_wrong_type(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D004,,unnamed,34,", "D004,,unnamed,thirty,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=5, column="age", value="thirty", rule="type-integer")


def test_impossible_date(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2023-03-05,2023-03-05", "2023-02-30,2023-03-05")
    only(validate_dir(tiny_copy), file="deaths.csv", row=11, column="date_of_injury", value="2023-02-30",
         rule="date-iso")


def test_date_outside_period(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2023-03-05,2023-03-05", "2023-03-05,2024-03-05")
    only(validate_dir(tiny_copy), file="deaths.csv", row=11, column="date_of_death", value="2024-03-05",
         rule="constraint-maximum")


def test_malformed_department_code(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2022-12-15,2022-12-16,day,,05,", "2022-12-15,2022-12-16,day,,5,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=6, column="department_code", value="5",
         rule="constraint-pattern")


def test_unknown_department(tiny_copy):
    # 15 (Lima) is a real code but not a department of the fixture
    edit(tiny_copy, "deaths.csv", "2022-12-15,2022-12-16,day,,05,", "2022-12-15,2022-12-16,day,,15,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=6, column="department_code", value="15",
         rule="foreign-key-departments")


def test_unknown_department_in_list(tiny_copy):
    edit(tiny_copy, "events.csv", "lethal event C,21,", "lethal event C,21;14,")
    only(validate_dir(tiny_copy), file="events.csv", row=5, column="department_codes", value="14",
         rule="foreign-key-departments")


def test_duplicate_id(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D009,", "D008,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=10, column="death_id", value="D008", rule="unique")


def test_dangling_source_id(tiny_copy):
    edit(tiny_copy, "deaths.csv", "counted,fix-a;fix-b,", "counted,fix-a;fix-z,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=3, column="source_ids", value="fix-z",
         rule="foreign-key-sources")


def test_dangling_event_id(tiny_copy):
    edit(tiny_copy, "deaths.csv", ",2023-01-09-town-c,police,", ",2023-01-09-town-x,police,")
    problems = validate_dir(tiny_copy)
    assert [p.rule for p in problems] == ["foreign-key-events"]
    assert (problems[0].file, problems[0].row, problems[0].column, problems[0].value) == (
        "deaths.csv", 7, "event_id", "2023-01-09-town-x")


def test_negative_count(tiny_copy):
    edit(tiny_copy, "official_counts.csv", "2022-12-16,5,0,0,0,5,", "2022-12-16,5,0,0,0,-5,")
    only(validate_dir(tiny_copy), file="official_counts.csv", row=2, column="total", value="-5",
         rule="constraint-minimum")


def test_total_differs_from_parts(tiny_copy):
    edit(tiny_copy, "official_counts.csv", "2022-12-16,5,0,0,0,5,", "2022-12-16,5,0,0,0,6,")
    only(validate_dir(tiny_copy), file="official_counts.csv", row=2, column="total", value="6",
         rule="total-equals-parts")


def test_value_not_allowed(tiny_copy):
    edit(tiny_copy, "deaths.csv", ",2022-12-15-town-b,civilian_clash,firearm,army,counted,fix-b,,\nD004",
         ",2022-12-15-town-b,protester,firearm,army,counted,fix-b,,\nD004")
    problems = validate_dir(tiny_copy)
    assert Problem("deaths.csv", 4, "category", "protester", "constraint-enum",
                   "allowed values are civilian_clash, police, military, blockade, custody") in problems


def test_full_name_of_a_minor(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D002,A.B.C.,initials,", "D002,Abel Benito Cruz,full_name,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=3, column="name_published", value="(withheld)",
         rule="minor-initials-only")


def test_badly_written_initials(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D002,A.B.C.,initials,", "D002,ABC,initials,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=3, column="name_published", value="(withheld)",
         rule="initials-format")


def test_unnamed_with_a_name(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D004,,unnamed,", "D004,Some Name,unnamed,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=5, column="name_status", value="unnamed",
         rule="name-status-consistent")


def test_death_before_injury(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2022-12-11,2022-12-14,", "2022-12-11,2022-12-10,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=3, column="date_of_death", value="2022-12-10",
         rule="date-order")


def test_range_without_end(tiny_copy):
    edit(tiny_copy, "deaths.csv", "range,2023-01-12,", "range,,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=9, column="date_of_death_latest", value="",
         rule="date-range-complete")


def test_event_ends_before_it_starts(tiny_copy):
    edit(tiny_copy, "events.csv", "2022-12-11,2022-12-12,", "2022-12-11,2022-12-10,")
    only(validate_dir(tiny_copy), file="events.csv", row=3, column="date_end", value="2022-12-10",
         rule="date-order")


def test_row_with_extra_cell(tiny_copy):
    edit(tiny_copy, "sources.csv", "invented for tests\nfix-b", "invented for tests,surplus\nfix-b")
    only(validate_dir(tiny_copy), file="sources.csv", row=2, rule="extra-cell")


def test_too_many_counted_deaths(tiny_copy):
    edit(tiny_copy, "deaths.csv", "not_applicable,not_counted,", "not_applicable,counted,")
    p = only(validate_dir(tiny_copy), file="deaths.csv", column="ombudsman_final",
             value="2 counted, 0 unresolved", rule="accounts-for-final-count")
    assert "category 'blockade'" in p.message and "official_counts.csv row 3" in p.message


def test_too_few_counted_or_unresolved_deaths(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2023-01-12,21,,,,blockade,medical_emergency_blockade,not_applicable,counted,",
         "2023-01-12,21,,,,blockade,medical_emergency_blockade,not_applicable,not_counted,")
    only(validate_dir(tiny_copy), file="deaths.csv", column="ombudsman_final",
         value="0 counted, 0 unresolved", rule="accounts-for-final-count")


def test_unresolved_deaths_can_make_up_the_final_count(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2023-01-12,21,,,,blockade,medical_emergency_blockade,not_applicable,counted,",
         "2023-01-12,21,,,,blockade,medical_emergency_blockade,not_applicable,unresolved,")
    assert validate_dir(tiny_copy) == []


def test_undated_death(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2023-01-20,2023-01-20,day,", ",,unknown,")
    assert validate_dir(tiny_copy) == []
    edit(tiny_copy, "deaths.csv", "unknown,,,unknown,", "unknown,2023-01-20,,unknown,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=10, column="date_of_injury", value="2023-01-20",
         rule="date-precision-consistent")


def test_dated_death_needs_its_dates(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2023-01-20,2023-01-20,day,", "2023-01-20,,day,")
    only(validate_dir(tiny_copy), file="deaths.csv", row=10, column="date_of_death", value="",
         rule="date-precision-consistent")


def test_exactly_one_final_count(tiny_copy):
    edit(tiny_copy, "official_counts.csv", "Invented running count.,no,", "Invented running count.,yes,")
    only(validate_dir(tiny_copy), file="official_counts.csv", column="final", rule="one-final-count")


def test_every_problem_is_reported_at_once(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D004,,unnamed,34,", "D004,,unnamed,thirty,")
    edit(tiny_copy, "deaths.csv", "counted,fix-a;fix-b,", "counted,fix-a;fix-z,")
    edit(tiny_copy, "events.csv", "2022-12-11,2022-12-12,", "2022-12-11,2022-12-10,")
    rules = sorted(p.rule for p in validate_dir(tiny_copy))
    assert rules == ["date-order", "foreign-key-sources", "type-integer"]


def test_require_valid_raises_with_the_report(tiny_copy):
    edit(tiny_copy, "deaths.csv", "D004,,unnamed,34,", "D004,,unnamed,thirty,")
    with pytest.raises(DataValidationError) as info:
        require_valid(tiny_copy)
    message = str(info.value)
    assert "deaths.csv, row 5, column 'age', value 'thirty': breaks rule 'type-integer'" in message


def test_cli_validate_exit_codes(tiny_copy):
    ok = subprocess.run([sys.executable, "-m", "peru_protests", "validate", str(TINY)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "valid" in ok.stdout
    edit(tiny_copy, "deaths.csv", "counted,fix-a;fix-b,", "counted,fix-a;fix-z,")
    bad = subprocess.run([sys.executable, "-m", "peru_protests", "validate", str(tiny_copy)],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert ("deaths.csv, row 3, column 'source_ids', value 'fix-z': breaks rule 'foreign-key-sources'"
            in bad.stderr)


def test_field_provenance_names_a_real_field(tiny_copy):
    edit(tiny_copy, "field_provenance.csv", "departments.name,", "departments.nmae,")
    only(validate_dir(tiny_copy), file="field_provenance.csv", row=3, column="provenance_id",
         value="departments.nmae", rule="known-field")


def test_a_death_added_to_an_event_needs_no_other_edit(tiny_copy):
    """Per-event deaths are derived from deaths.csv: a new death in an event (here one whose
    inclusion in the Ombudsman's list is unresolved) validates without touching events.csv,
    and the event's count in the book follows."""
    from peru_protests import data, timeline

    before = timeline.lethal_events(*[getattr(data.load(tiny_copy), t) for t in ("events", "deaths", "departments")])
    path = tiny_copy / "deaths.csv"
    row = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("D004,"))
    new = row.replace("D004,", "D011,", 1).replace(",counted,", ",unresolved,", 1)
    path.write_text(path.read_text(encoding="utf-8") + new + "\n", encoding="utf-8")
    assert validate_dir(tiny_copy) == []
    after = timeline.lethal_events(*[getattr(data.load(tiny_copy), t) for t in ("events", "deaths", "departments")])
    town_b = "2022-12-15-town-b"
    assert before.set_index("event_id").loc[town_b, "deaths"] == 3
    assert after.set_index("event_id").loc[town_b, "deaths"] == 4
def test_dangling_death_id_in_a_list(tiny_copy):
    edit(tiny_copy, "investigations.csv", "3,D003;D004;D005,", "3,D003;D044;D005,")
    only(validate_dir(tiny_copy), file="investigations.csv", row=2, column="death_ids", value="D044",
         rule="foreign-key-deaths")


def test_milestone_of_an_unknown_case(tiny_copy):
    edit(tiny_copy, "investigation_milestones.csv", "case-town-c-2023-01-15-opened,case-town-c,",
         "case-town-c-2023-01-15-opened,case-town-d,")
    only(validate_dir(tiny_copy), file="investigation_milestones.csv", row=4, column="case_id",
         value="case-town-d", rule="foreign-key-investigations")


def test_two_regions_on_one_tile(tiny_copy):
    # Puno (row 4 of the file) moved onto Apurímac's grid position (1, 1)
    edit(tiny_copy, "departments.csv", "43.65,1,2,fix-a", "43.65,1,1,fix-a")
    p = only(validate_dir(tiny_copy), file="departments.csv", row=4, column="tile_col", value="1", rule="tile-unique")
    assert "already taken by row 2" in p.message


def test_claim_share_out_of_range(tiny_copy):
    edit(tiny_copy, "claims.csv", "indigenous_regions,50,80,", "indigenous_regions,50,180,")
    only(validate_dir(tiny_copy), file="claims.csv", row=2, column="death_share_pct", value="180", rule="constraint-maximum")


def test_more_suspects_by_force_than_in_total(tiny_copy):
    # case-town-b's formalisation: 5 suspects, 0 police and 5 military; make it 6 police
    edit(tiny_copy, "investigation_milestones.csv", "formalised,5,0,5,1,", "formalised,5,6,5,1,")
    p = only(validate_dir(tiny_copy), file="investigation_milestones.csv", row=3, column="suspects_total", value="5",
             rule="suspects-within-total")
    assert "add up to 11" in p.message


# case-town-b's formalisation (row 3) is dated only "on or before" 2023-06-01, with the
# earliest possible day 2023-03-01 and its bound source fix-a.
BOUNDED = "2023-06-01,on_or_before,2023-03-01,fix-a,formalised"


def test_earliest_date_after_the_date(tiny_copy):
    edit(tiny_copy, "investigation_milestones.csv", BOUNDED, "2023-06-01,on_or_before,2023-07-01,fix-a,formalised")
    p = only(validate_dir(tiny_copy), file="investigation_milestones.csv", row=3, column="date_earliest",
             value="2023-07-01", rule="date-order")
    assert "2023-06-01" in p.message


def test_earliest_date_on_an_exact_date(tiny_copy):
    edit(tiny_copy, "investigation_milestones.csv", BOUNDED, "2023-06-01,day,2023-03-01,,formalised")
    only(validate_dir(tiny_copy), file="investigation_milestones.csv", row=3, column="date_earliest",
         value="2023-03-01", rule="date-bounds-consistent")


def test_bound_without_its_sources(tiny_copy):
    edit(tiny_copy, "investigation_milestones.csv", BOUNDED, "2023-06-01,on_or_before,2023-03-01,,formalised")
    only(validate_dir(tiny_copy), file="investigation_milestones.csv", row=3, column="date_bound_source_ids",
         value="", rule="date-bounds-consistent")


def test_bound_source_not_among_the_row_sources(tiny_copy):
    # fix-c exists in sources.csv but the row cites only fix-a
    edit(tiny_copy, "investigation_milestones.csv", BOUNDED, "2023-06-01,on_or_before,2023-03-01,fix-c,formalised")
    only(validate_dir(tiny_copy), file="investigation_milestones.csv", row=3, column="date_bound_source_ids",
         value="fix-c", rule="date-bounds-consistent")


def test_unknown_date_precision(tiny_copy):
    edit(tiny_copy, "investigation_milestones.csv", BOUNDED, "2023-06-01,roughly,,,formalised")
    only(validate_dir(tiny_copy), file="investigation_milestones.csv", row=3, column="date_precision",
         value="roughly", rule="constraint-enum")


def test_department_name_instead_of_code_gets_the_code(tiny_copy):
    edit(tiny_copy, "deaths.csv", "2022-12-15,2022-12-16,day,,05,", "2022-12-15,2022-12-16,day,,ayacucho,")
    p = only(validate_dir(tiny_copy), file="deaths.csv", row=6, column="department_code", value="ayacucho",
             rule="constraint-pattern")
    assert p.message == "write the INEI code, not the name: did you mean '05' for Ayacucho?"
    edit(tiny_copy, "deaths.csv", ",ayacucho,", ",Apurimac,")
    assert "did you mean '03' for Apurímac?" in str(validate_dir(tiny_copy)[0])


def test_death_outside_its_events_departments(tiny_copy):
    # D006's event is in 05 (Ayacucho); 03 (Apurímac) is a valid department, but not the event's
    edit(tiny_copy, "deaths.csv", "2022-12-15,2022-12-16,day,,05,", "2022-12-15,2022-12-16,day,,03,")
    p = only(validate_dir(tiny_copy), file="deaths.csv", row=6, column="department_code", value="03",
             rule="death-in-event-department")
    assert "took place in department 05;" in p.message
