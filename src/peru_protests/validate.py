"""Validate a data directory against the book's Data Package descriptor.

Three layers, each reporting *every* problem it finds (never stopping at the first):

1. file level (checked here): the file exists, is not empty, is UTF-8 without a
   byte-order mark, uses commas, and has exactly the descriptor's columns in order;
2. cell level (checked by the ``frictionless`` library from ``data/datapackage.json``):
   types, required cells, allowed values, patterns, ranges, uniqueness, row shape;
3. cross-table rules (checked here): foreign keys, including the ';'-separated
   lists of source ids and department codes, date order, the rules that protect
   minors, count arithmetic, and the rule that the deaths table accounts for the
   Ombudsman's final count recorded in ``official_counts.csv`` (the row with
   ``final=yes``): per category, the deaths marked ``counted`` do not exceed it and
   ``counted`` plus ``unresolved`` reach it (equality when nothing is unresolved);
   suspects by force never exceed a milestone's total; and no two regions share a tile
   of the map. (The deaths of each lethal event are not a column: they are derived
   from the deaths table, so they cannot disagree with it.)

Every problem names the file, the row (the line number in the file, header = 1),
the column, the offending value and the rule it breaks.
"""

from __future__ import annotations

import copy
import csv
import io
import os
import re
from pathlib import Path

from peru_protests import descriptor as descriptors
from peru_protests.paths import DESCRIPTOR
from peru_protests import source_rules
from peru_protests.problems import Problem, days, split_list
from peru_protests.validate_activity import overlapping_periods, period_rules
from peru_protests.validate_deaths import death_rules
from peru_protests.validate_places import death_event_departments, department_hints
from peru_protests.validate_text import check_rows

__all__ = ["Problem", "DataValidationError", "format_report", "load_descriptor", "require_valid", "split_list",
           "validate_dir"]

CATEGORIES = ("civilian_clash", "police", "military", "blockade")
LINE = "\0line"  # key under which each row keeps the line of the file it starts on


class DataValidationError(Exception):
    """Raised when a data directory does not validate; carries every problem."""

    def __init__(self, data_dir: Path, problems: list[Problem]):
        self.data_dir = data_dir
        self.problems = problems
        super().__init__(format_report(data_dir, problems))


def format_report(data_dir: Path, problems: list[Problem]) -> str:
    notice = descriptors.read(data_dir).notice if Path(data_dir).is_dir() else ""
    if not problems:
        return f"{data_dir}: valid" + (f"\n{notice}" if notice else "")
    count = f"{len(problems)} problem" if len(problems) == 1 else f"{len(problems)} problems"
    lines = [f"{data_dir}: {count} found"] + ([notice] if notice else [])
    lines += [f"  - {p}" for p in problems]
    return "\n".join(lines)


def load_descriptor(path: Path = DESCRIPTOR, data_dir: str | Path | None = None) -> dict:
    """A descriptor: the one of ``data_dir`` (its own, else the shipped one) when given,
    else the file ``path``. Raises :class:`DataValidationError` for a broken one."""
    if data_dir is not None:
        info = descriptors.read(data_dir)
        if info.content is None:
            raise DataValidationError(Path(data_dir), info.problems)
        return info.content
    return descriptors.load_json(path)


# Rules that ``allow_markup`` turns off: the book escapes every value whatever these say
# (they are defence in depth); the tests turn them off to prove the escaping alone.
MARKUP_RULES = ("text-no-markup", "url-http")
ALLOW_MARKUP_ENV = "PERU_PROTESTS_ALLOW_MARKUP"


def validate_dir(data_dir: str | Path, descriptor: dict | None = None, today=None,
                 allow_markup: bool | None = None) -> list[Problem]:
    """Return every problem in ``data_dir`` (an empty list when it is valid). ``today``
    (a ``datetime.date``, default the real day) is the latest date a cell may hold.
    ``allow_markup`` (default: the environment variable ``PERU_PROTESTS_ALLOW_MARKUP=1``)
    accepts text that looks like markup and non-web addresses; they are shown as text."""
    if allow_markup is None:
        allow_markup = os.environ.get(ALLOW_MARKUP_ENV) == "1"
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return [Problem(str(data_dir), None, None, None, "data-directory-exists",
                        "no such directory")]
    problems: list[Problem] = []
    if descriptor is None:  # the folder's own descriptor (or the shipped one, said so)
        info = descriptors.read(data_dir)
        problems += info.problems
        if info.content is None:
            return sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.rule))
        descriptor = info.content
    tables: dict[str, list[dict[str, str]]] = {}
    for resource in descriptor["resources"]:
        file_problems, rows = _check_file(data_dir, resource)
        problems += file_problems
        if not file_problems:
            lines = [r[LINE] for r in rows]
            text = [Problem(resource["path"], *found) for found in
                    check_rows(resource["path"], resource["schema"]["fields"], rows, lines, today)]
            seen = {(p.row, p.column) for p in text}  # a malformed cell is reported once
            problems += text + [p for p in _check_cells(data_dir, resource, lines) if (p.row, p.column) not in seen]
            tables[resource["name"]] = rows
    # a value already rejected cell by cell is not looked up again in other tables
    rejected = {(p.file, p.row, p.column) for p in problems}
    problems += [p for p in _check_cross_table(descriptor, tables)
                 if not (p.rule.startswith("foreign-key") and (p.file, p.row, p.column) in rejected)]
    problems = department_hints(problems, tables.get("departments", []))
    flagged = {(p.file, p.row, p.column) for p in problems if p.rule != "death-in-event-department"}
    problems = [p for p in problems if p.rule != "death-in-event-department" or (p.file, p.row, p.column) not in flagged]
    if allow_markup:
        problems = [p for p in problems if p.rule not in MARKUP_RULES]
    return sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.rule))


def require_valid(data_dir: str | Path) -> None:
    """Raise :class:`DataValidationError` unless ``data_dir`` is valid."""
    problems = validate_dir(data_dir)
    if problems:
        raise DataValidationError(Path(data_dir), problems)


# --- layer 1: the file itself -------------------------------------------------------

def _check_file(data_dir: Path, resource: dict) -> tuple[list[Problem], list[dict[str, str]]]:
    name = resource["path"]
    path = data_dir / name
    expected = [f["name"] for f in resource["schema"]["fields"]]
    if not path.is_file():
        return [Problem(name, None, None, None, "file-present", "the file is missing")], []
    raw = path.read_bytes()
    if not raw.strip():
        return [Problem(name, None, None, None, "not-empty",
                        f"the file is empty; it needs the header {','.join(expected)}")], []
    if raw.startswith(b"\xef\xbb\xbf"):
        return [Problem(name, 1, None, None, "encoding-utf8-no-bom",
                        "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")], []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start: exc.start + 4]
        return [Problem(name, line, None, repr(bad)[2:-1], "encoding-utf8",
                        f"byte {exc.start} is not valid UTF-8 (was the file saved as Latin-1 or Windows-1252?)")], []
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, starts = [], []
    try:
        header = next(reader)
        while True:
            start = reader.line_num + 1
            try:
                rows.append(next(reader))
            except StopIteration:
                break
            starts.append(start)
    except csv.Error as exc:
        return [Problem(name, reader.line_num, None, None, "csv-syntax", str(exc))], []
    if len(header) == 1 and ";" in header[0]:
        return [Problem(name, 1, None, header[0][:60], "delimiter-comma",
                        "the header is split by ';'; fields must be separated by commas")], []
    problems = []
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    for col in missing:
        problems.append(Problem(name, 1, col, None, "header-columns", "required column is missing"))
    for col in extra:
        problems.append(Problem(name, 1, col, col, "header-columns", "column is not in the schema"))
    if not missing and not extra and header != expected:
        problems.append(Problem(name, 1, None, ",".join(header), "header-order",
                                f"columns must be in the order {','.join(expected)}"))
    if problems:
        return problems, []
    if not rows:
        return [Problem(name, None, None, None, "at-least-one-row", "the file has a header but no rows")], []
    # rows of the wrong length are reported by layer 2; keep them here so that their
    # ids still count and one bad row does not cascade into foreign-key problems
    dict_rows = [{**dict(zip(header, r + [""] * (len(header) - len(r)))), LINE: line}
                 for r, line in zip(rows, starts)]
    return [], dict_rows


# --- layer 2: cells, via frictionless -----------------------------------------------------

def _check_cells(data_dir: Path, resource: dict, lines: list[int]) -> list[Problem]:
    """Types and constraints by frictionless, every error (no cut at 1000), with the
    record number frictionless gives turned into the line of the file."""
    from frictionless import Resource  # imported lazily: it is slow to import

    descriptor = copy.deepcopy(resource)
    descriptor["schema"].pop("foreignKeys", None)  # checked in layer 3 (they span files)
    for field in descriptor["schema"]["fields"]:
        field.pop("x-date", None)
    res = Resource(descriptor, basepath=str(data_dir))
    report = res.validate(limit_errors=10**9)
    problems = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            if row is not None and 2 <= row < len(lines) + 2:
                row = lines[row - 2]
            column = getattr(err, "field_name", None)
            cell = getattr(err, "cell", None)
            rule = err.type
            note = err.note
            if err.type == "constraint-error":
                m = re.match(r'constraint "(\w+)"', note or "")
                rule = f"constraint-{m.group(1)}" if m else rule
                note = _constraint_message(resource, column, m.group(1) if m else "") or note
            elif err.type == "type-error":
                field = next(f for f in resource["schema"]["fields"] if f["name"] == column)
                if field["type"] == "date":
                    continue  # reported, with what to write instead, by rule date-iso
                rule = f"type-{field['type']}"
                note = {"date": "expected a date YYYY-MM-DD that exists in the calendar",
                        "integer": "expected a whole number",
                        "number": "expected a number"}.get(field["type"], note)
            elif err.type == "primary-key":
                continue  # every primary key is one field marked unique: reported as unique-error
            elif err.type == "unique-error":
                rule = "unique"
            elif err.type in ("extra-cell", "missing-cell"):
                note = {"extra-cell": "the row has more cells than the header",
                        "missing-cell": "the row has fewer cells than the header"}[err.type]
            problems.append(Problem(resource["path"], row, column,
                                    None if cell is None else str(cell), rule, note or err.message))
    return problems


def _constraint_message(resource: dict, column: str | None, name: str) -> str | None:
    field = next((f for f in resource["schema"]["fields"] if f["name"] == column), None)
    if field is None:
        return None
    value = field.get("constraints", {}).get(name)
    if name == "enum":
        return "allowed values are " + ", ".join(map(str, value or []))
    return {
        "required": "a value is required",
        "pattern": f"must match the pattern {value}",
        "minimum": f"must be at least {value}",
        "maximum": f"must be at most {value}",
        "maxLength": f"must be at most {value} characters long",
        "unique": "must be unique",
    }.get(name)


# --- layer 3: rules across rows and tables ------------------------------------------------

def _check_cross_table(descriptor: dict, tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    problems: list[Problem] = []
    keys = {
        res["name"]: {row[res["schema"]["primaryKey"][0]] for row in tables.get(res["name"], [])}
        for res in descriptor["resources"]
    }
    complete = all(r["name"] in tables for r in descriptor["resources"])
    tiles: dict[tuple[str, str], int] = {}

    def lookup(file, line, column, value, target):
        if target in tables and value not in keys[target]:
            problems.append(Problem(file, line, column, value, f"foreign-key-{target}",
                                    f"'{value}' is not an id in {target}.csv"))

    for res in descriptor["resources"]:
        name = res["name"]
        lists = {f["name"]: f["x-list-of"]["resource"] for f in res["schema"]["fields"] if "x-list-of" in f}
        for row in tables.get(name, []):
            i = row[LINE]
            for col, target in lists.items():  # ';'-separated lists of ids
                for value in split_list(row.get(col, "")):
                    lookup(res["path"], i, col, value, target)
            for fk in res["schema"].get("foreignKeys", []):
                col = fk["fields"][0]
                if row.get(col):
                    lookup(res["path"], i, col, row[col], fk["reference"]["resource"])
            if name == "events":
                if days(row["date_end"], row["date_start"]) and row["date_end"] < row["date_start"]:
                    problems.append(Problem(res["path"], i, "date_end", row["date_end"], "date-order",
                                            f"ends before it starts ({row['date_start']})"))
            if name == "deaths":
                problems += death_rules(res["path"], i, row)
            if name == "official_counts":
                problems += _count_rules(res["path"], i, row)
            if name == "daily_activity":
                problems += period_rules(res["path"], i, row)
            if name == "investigation_milestones":
                problems += _suspect_rules(res["path"], i, row)
                problems += _milestone_date_rules(res["path"], i, row)
            if name == "departments" and row.get("tile_row") and row.get("tile_col"):
                tile = (row["tile_row"], row["tile_col"])
                if tile in tiles:
                    problems.append(Problem(res["path"], i, "tile_col", row["tile_col"], "tile-unique",
                                            f"grid position (row {tile[0]}, column {tile[1]}) is already taken "
                                            f"by row {tiles[tile]}"))
                tiles.setdefault(tile, i)
    if complete:
        problems += _ombudsman_totals(tables["deaths"], tables["official_counts"])
        problems += death_event_departments(tables["deaths"], tables["events"], LINE)
    if "daily_activity" in tables:
        problems += overlapping_periods("daily_activity.csv", tables["daily_activity"], LINE)
    problems += source_rules.check(descriptor, tables)
    fields = {f"{res['name']}.{fld['name']}" for res in descriptor["resources"] for fld in res["schema"]["fields"]}
    for row in tables.get("field_provenance", []):
        i = row[LINE]
        if row["provenance_id"] not in fields:
            problems.append(Problem("field_provenance.csv", i, "provenance_id", row["provenance_id"],
                                    "known-field", "no such table.field in the descriptor"))
    return problems


def _suspect_rules(file: str, line: int, row: dict[str, str]) -> list[Problem]:
    """Where a milestone gives its total of suspects, the police and military among them
    cannot add up to more, nor can the officials (who may be police or military too)."""
    if not row.get("suspects_total", "").isdigit():
        return []
    total = int(row["suspects_total"])
    parts = [int(row[c]) for c in ("suspects_police", "suspects_military") if row.get(c, "").isdigit()]
    problems = []
    if sum(parts) > total:
        problems.append(Problem(file, line, "suspects_total", row["suspects_total"], "suspects-within-total",
                                f"police and military suspects add up to {sum(parts)}, more than the total"))
    if row.get("suspects_officials", "").isdigit() and int(row["suspects_officials"]) > total:
        problems.append(Problem(file, line, "suspects_officials", row["suspects_officials"], "suspects-within-total",
                                f"more officials than the total of suspects ({total})"))
    return problems


def _milestone_date_rules(file: str, line: int, row: dict[str, str]) -> list[Problem]:
    """A milestone dated only 'on or before' a day names the sources of its bounds; an
    earliest possible day exists only for such a milestone and is not after its date; the
    bound sources are among the row's sources."""
    bounded = row.get("date_precision") == "on_or_before"
    earliest, bound_ids = row.get("date_earliest", ""), split_list(row.get("date_bound_source_ids", ""))
    out = []
    if earliest and not bounded:
        out.append(Problem(file, line, "date_earliest", earliest, "date-bounds-consistent",
                           "only a milestone with date_precision 'on_or_before' has an earliest possible date"))
    if days(earliest, row.get("date", "")) and earliest > row["date"]:
        out.append(Problem(file, line, "date_earliest", earliest, "date-order",
                           f"the earliest possible day is after the date ({row['date']})"))
    if bounded and not bound_ids:
        out.append(Problem(file, line, "date_bound_source_ids", "", "date-bounds-consistent",
                           "a date known only as a bound needs the sources of its bounds"))
    if bound_ids and not bounded:
        out.append(Problem(file, line, "date_bound_source_ids", row["date_bound_source_ids"], "date-bounds-consistent",
                           "must be empty unless date_precision is 'on_or_before'"))
    missing = [b for b in bound_ids if b not in split_list(row.get("source_ids", ""))]
    if missing:
        out.append(Problem(file, line, "date_bound_source_ids", ";".join(missing), "date-bounds-consistent",
                           "every bound source must also be in source_ids"))
    return out


def _count_rules(file: str, line: int, row: dict[str, str]) -> list[Problem]:
    parts = [row[c] for c in CATEGORIES]
    if all(p.isdigit() for p in parts) and row["total"].isdigit():
        if sum(int(p) for p in parts) != int(row["total"]):
            return [Problem(file, line, "total", row["total"], "total-equals-parts",
                            f"the categories add up to {sum(int(p) for p in parts)}")]
    return []


def _ombudsman_totals(deaths: list[dict[str, str]], counts: list[dict[str, str]]) -> list[Problem]:
    finals = [(r[LINE], r) for r in counts if r["final"] == "yes"]
    if len(finals) != 1:
        lines = ", ".join(str(i) for i, _ in finals) or "none"
        return [Problem("official_counts.csv", None, "final", None, "one-final-count",
                        f"exactly one row must have final=yes (found: rows {lines})")]
    line, final = finals[0]
    out = []
    for category in CATEGORIES:
        if not final[category].isdigit():
            out.append(Problem("official_counts.csv", line, category, final[category], "final-count-complete",
                               "the final count needs a number for every category"))
            continue
        expected = int(final[category])
        status = [r["ombudsman_final"] for r in deaths if r["category"] == category]
        counted, unresolved = status.count("counted"), status.count("unresolved")
        if not counted <= expected <= counted + unresolved:
            out.append(Problem("deaths.csv", None, "ombudsman_final", f"{counted} counted, {unresolved} unresolved",
                               "accounts-for-final-count",
                               f"category '{category}': the final count ({final['count_id']}, official_counts.csv "
                               f"row {line}) has {expected}, so 'counted' must be at most {expected} and "
                               f"'counted' plus 'unresolved' at least {expected}"))
    return out
