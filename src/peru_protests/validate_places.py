"""Rules about places: a death happened in one of its event's departments, and a
department written as a name instead of its INEI code gets a hint with the code."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from peru_protests.problems import Problem, split_list

DEPARTMENT_COLUMNS = ("department_code", "department_codes")


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def death_event_departments(deaths: list[dict], events: list[dict], line_key: str) -> list[Problem]:
    """``deaths.department_code`` is where the lethal event happened, so it must be one
    of the event's ``department_codes`` (when both are given)."""
    places = {e["event_id"]: split_list(e["department_codes"]) for e in events}
    out = []
    for row in deaths:
        codes = places.get(row.get("event_id", ""))
        if codes and row.get("department_code") and row["department_code"] not in codes:
            out.append(Problem("deaths.csv", row[line_key], "department_code", row["department_code"],
                               "death-in-event-department",
                               f"event '{row['event_id']}' took place in {_departments(codes)}; "
                               "use one of them, or the event_id of the event where this person was killed"))
    return out


def _departments(codes: list[str]) -> str:
    return f"department {codes[0]}" if len(codes) == 1 else f"departments {', '.join(codes)}"


def department_hints(problems: list[Problem], departments: list[dict]) -> list[Problem]:
    """A department cell that fails its pattern because it holds a name ('Huanuco')
    gets a message with the INEI code to write instead."""
    by_name = {_plain(d["name"]): (d["department_code"], d["name"]) for d in departments if d.get("name")}
    out = []
    for p in problems:
        if p.rule == "constraint-pattern" and p.column in DEPARTMENT_COLUMNS and p.value:
            items = [v for v in p.value.split(";") if v] if p.column == "department_codes" else [p.value]
            hints = [f"'{by_name[_plain(v)][0]}' for {by_name[_plain(v)][1]}" for v in items if _plain(v) in by_name]
            message = "write the two-digit INEI code of the department, e.g. '21' for Puno"
            if hints:
                message = f"write the INEI code, not the name: did you mean {' and '.join(hints)}?"
            p = replace(p, message=message)
        out.append(p)
    return out
