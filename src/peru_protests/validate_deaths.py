"""Rules on one row of ``deaths.csv``: dates in order and as precise as declared, and
the rules that protect minors (initials only; an age under 18 means a minor; a full name
only for an adult or with the sources that publish it)."""

from __future__ import annotations

import re

from peru_protests.problems import Problem, days, split_list

INITIALS = re.compile(r"^(?:[A-ZÁÉÍÓÚÑÜ]\.){2,6}$")


def death_rules(file: str, line: int, row: dict[str, str]) -> list[Problem]:
    out = []
    if days(row["date_of_death"], row["date_of_injury"]) and row["date_of_death"] < row["date_of_injury"]:
        out.append(Problem(file, line, "date_of_death", row["date_of_death"], "date-order",
                           f"death before injury ({row['date_of_injury']})"))
    undated = row["date_precision"] == "unknown"
    for column in ("date_of_injury", "date_of_death"):
        if undated and row[column]:
            out.append(Problem(file, line, column, row[column], "date-precision-consistent",
                               "must be empty when date_precision is 'unknown'"))
        if not undated and row["date_precision"] and not row[column]:
            out.append(Problem(file, line, column, "", "date-precision-consistent",
                               f"required when date_precision is '{row['date_precision']}'"))
    latest = row["date_of_death_latest"]
    if row["date_precision"] == "range" and not latest:
        out.append(Problem(file, line, "date_of_death_latest", "", "date-range-complete",
                           "date_precision is 'range' so the last possible date is required"))
    if row["date_precision"] == "day" and latest:
        out.append(Problem(file, line, "date_of_death_latest", latest, "date-range-complete",
                           "must be empty when date_precision is 'day'"))
    if days(latest, row["date_of_death"]) and latest < row["date_of_death"]:
        out.append(Problem(file, line, "date_of_death_latest", latest, "date-order",
                           f"range ends before it starts ({row['date_of_death']})"))
    name, status = row["name_published"].strip(), row["name_status"]
    if row["minor"] == "yes" and status == "full_name":
        out.append(Problem(file, line, "name_published", "(withheld)", "minor-initials-only",
                           "a minor may be named by initials only"))
    elif status == "initials" and not INITIALS.match(name):
        shown = "(withheld)" if row["minor"] == "yes" else name
        out.append(Problem(file, line, "name_published", shown, "initials-format",
                           "initials are written like 'D.A.Q.'"))
    out += _minor_rules(file, line, row)
    if (status == "unnamed") != (name == ""):
        out.append(Problem(file, line, "name_status", status, "name-status-consistent",
                           "'unnamed' exactly when name_published is empty"))
    return out


def _minor_rules(file: str, line: int, row: dict[str, str]) -> list[Problem]:
    """Minors are named by initials only, whatever the ``minor`` column says: an age under
    18 requires ``minor=yes``; a full name requires an adult age (18 or more) or, when the
    age is unknown, the sources that publish the full name (``name_source_ids``, a subset of
    the row's ``source_ids``). A name is never echoed in these messages."""
    out = []
    age = int(row["age"]) if row.get("age", "").isdigit() else None
    if age is not None and age < 18 and row["minor"] != "yes":
        out.append(Problem(file, line, "minor", row["minor"], "minor-by-age",
                           f"the age is {age}, under 18: set minor to 'yes' and give initials only"))
    if age is not None and age >= 18 and row["minor"] == "yes":
        out.append(Problem(file, line, "minor", row["minor"], "minor-by-age",
                           f"the age is {age}, 18 or more: minor must be 'no' (or correct the age)"))
    named_by = split_list(row.get("name_source_ids", ""))
    if row["name_status"] == "full_name" and (age is None or age < 18) and row["minor"] != "yes" and not named_by:
        out.append(Problem(file, line, "name_source_ids", "", "full-name-needs-adult",
                           "a full name is published only for an adult: give the age, or list in "
                           "name_source_ids the sources (the Ombudsman or established press) that publish "
                           "this full name; otherwise give initials"))
    cited = set(split_list(row.get("source_ids", "")))
    for sid in named_by:
        if sid not in cited:
            out.append(Problem(file, line, "name_source_ids", sid, "name-sources-cited",
                               "each source of the name must also be listed in source_ids"))
    return out
