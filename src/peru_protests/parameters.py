"""Typed, checked chapter parameters.

Every parameter a chapter declares in its ``parameters`` cell has a :class:`Spec` here:
its kind and allowed values. The build reads each ``-p`` value with its spec before any
chapter runs (dates strictly ``YYYY-MM-DD``, enumerations listed), so a wrong value
stops the build with a message that says what to write, and the book already built is
not touched. Allowed death categories and statuses come from the data folder's own
descriptor, so a folder that adds a category can select it.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from dataclasses import dataclass

from peru_protests.problems import ISO_DAY
from peru_protests.regional import MEASURES, POPULATIONS


class ParameterError(ValueError):
    """A parameter value that cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class Spec:
    kind: str  # date | enum | number | integer | text | list | periods
    optional: bool = False  # None allowed
    choices: tuple | str | None = None  # values, or "table.field" (the enum in the descriptor)
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None  # for list items and text


DATE = Spec("date")
CATEGORIES = Spec("list", optional=True, choices="deaths.category")
STATUSES = Spec("list", choices="deaths.ombudsman_final")
DATE_BASIS = Spec("enum", choices=("date_of_death", "date_of_injury"))
DOWNLOADS = Spec("text", pattern=r"^[A-Za-z0-9_-]+$")
INCLUDE = Spec("list", optional=True, pattern=r"^[A-Za-z0-9_.-]+$")  # death_ids, checked against the data

SPECS: dict[str, dict[str, Spec]] = {
    "timeline": {
        "start": DATE, "end": DATE, "date_basis": DATE_BASIS, "ombudsman_final": STATUSES,
        "categories": CATEGORIES, "include_deaths": INCLUDE,
        "departments": Spec("list", optional=True, pattern=r"^(0[1-9]|1[0-9]|2[0-5])$"),
        "wave_gap_days": Spec("integer", minimum=1, maximum=120),
        "min_blockades": Spec("integer", minimum=0),
        "count_organisation": Spec("text", optional=True),
        "downloads_dir": DOWNLOADS,
    },
    "justice": {
        "as_of": Spec("date", optional=True), "date_basis": DATE_BASIS, "ombudsman_final": STATUSES,
        "include_deaths": INCLUDE,
        "categories": CATEGORIES, "start": DATE, "team_name": Spec("text"), "downloads_dir": DOWNLOADS,
    },
    "regional": {
        "measure": Spec("enum", choices=tuple(MEASURES)),
        "threshold": Spec("number", minimum=0, maximum=100),
        "categories": CATEGORIES, "ombudsman_final": STATUSES, "include_deaths": INCLUDE,
        "population": Spec("enum", choices=tuple(POPULATIONS)),
        "as_of": Spec("date", optional=True),
        "claim_id": Spec("text", optional=True),
        "tolerance_points": Spec("number", minimum=0, maximum=100),
        "injured_periods": Spec("periods", optional=True),
        "downloads_dir": DOWNLOADS,
    },
    "data": {},
    "sources": {},
}


def _choices(spec: Spec, descriptor: dict | None) -> tuple:
    if not isinstance(spec.choices, str):
        return spec.choices or ()
    table, column = spec.choices.split(".")
    for res in (descriptor or {}).get("resources", []):
        if res["name"] == table:
            for fld in res["schema"]["fields"]:
                if fld["name"] == column:
                    return tuple(fld.get("constraints", {}).get("enum", ()))
    return ()


def _date(value, name: str) -> str:
    text = str(value)
    hint = f"write a day as YYYY-MM-DD, e.g. {name}=2023-06-30"
    if not ISO_DAY.match(text):
        raise ParameterError(f"{text!r} is not a date; {hint}")
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ParameterError(f"{text!r} is not a day of the calendar; {hint}") from None
    return text


def _list(raw: str) -> list:
    """A list from the command line: JSON (``["a","b"]``) or comma-separated (``a,b``)."""
    raw = raw.strip()
    if raw.startswith("["):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ParameterError(f"cannot read {raw!r} as a JSON list ({exc.msg}); "
                                 'write a,b or ["a","b"]') from None
        if not isinstance(value, list):
            raise ParameterError(f"{raw!r} is not a list")
        return value
    return [v.strip() for v in raw.split(",") if v.strip()]


def check(name: str, value, spec: Spec, descriptor: dict | None = None):
    """``value`` (a command-line string or a Python value) as the type ``spec`` asks,
    or :class:`ParameterError` saying what to write instead."""
    raw = isinstance(value, str)
    if value is None or (raw and value == "None" and spec.kind != "text"):
        if spec.optional:
            return None
        raise ParameterError("a value is required (None is not allowed here)")
    if raw and spec.optional and spec.kind == "text" and value == "None":
        return None
    if spec.kind == "date":
        return _date(value, name)
    if spec.kind == "enum":
        choices = _choices(spec, descriptor)
        if value not in choices:
            raise ParameterError(f"{value!r} is not allowed; use one of: {', '.join(choices)}")
        return value
    if spec.kind in ("number", "integer"):
        try:
            number = (int if spec.kind == "integer" else float)(value)
        except (TypeError, ValueError):
            raise ParameterError(f"{value!r} is not a {'whole number' if spec.kind == 'integer' else 'number'}") from None
        if spec.kind == "integer" and isinstance(value, float) and not value.is_integer():
            raise ParameterError(f"{value!r} is not a whole number")
        if spec.minimum is not None and number < spec.minimum or spec.maximum is not None and number > spec.maximum:
            raise ParameterError(f"{value!r} is out of range; use a value from {spec.minimum:g} to "
                                 f"{spec.maximum:g}" if spec.maximum is not None else
                                 f"{value!r} is out of range; use at least {spec.minimum:g}")
        return number
    if spec.kind == "text":
        if not isinstance(value, str) or not value:
            raise ParameterError(f"{value!r} is not text")
        if spec.pattern and not re.match(spec.pattern, value):
            raise ParameterError(f"{value!r} may hold only letters, digits, '-' and '_'")
        return value
    if spec.kind == "list":
        items = _list(value) if raw else value
        if not isinstance(items, list) or not items:
            raise ParameterError("give at least one value (a,b or [\"a\",\"b\"])"
                                 + (", or None for all" if spec.optional else ""))
        choices = _choices(spec, descriptor)
        for item in items:
            if not isinstance(item, str):
                raise ParameterError(f"{item!r} is not text")
            if choices and item not in choices:
                raise ParameterError(f"{item!r} is not allowed; use one or more of: {', '.join(choices)}")
            if spec.pattern and not re.match(spec.pattern, item):
                if spec is INCLUDE:
                    raise ParameterError(f"{item!r} is not a death_id (letters, digits, '-', '_' or '.')")
                raise ParameterError(f"{item!r} is not an INEI department code; write two digits, "
                                     "e.g. 21 for Puno or 10 for Huánuco")
        return items
    if spec.kind == "periods":
        items = _list(value) if raw else value
        if not isinstance(items, list) or not all(isinstance(p, list) and len(p) == 2 for p in items):
            raise ParameterError('write a list of [first, last] days, e.g. [["2022-12-07","2022-12-19"]]')
        periods = [[_date(a, name), _date(b, name)] for a, b in items]
        for a, b in periods:
            if b < a:
                raise ParameterError(f"the period {a} to {b} ends before it starts")
        return periods
    raise ParameterError(f"unknown kind {spec.kind!r}")  # pragma: no cover - a defect in SPECS


def default(source: str):
    """A default as written in a parameters cell (papermill gives the source text)."""
    return ast.literal_eval(source)


# parameters whose value must be an id or name found in the data: table, column, what to say
IN_DATA = {
    "include_deaths": ("deaths", "death_id", "add the death to deaths.csv (ombudsman_final=not_counted) first"),
    "claim_id": ("claims", "claim_id", "use a claim_id of claims.csv"),
    "count_organisation": ("official_counts", "organisation", "use an organisation of official_counts.csv"),
}


NAMED_IN_DATA = {  # values that must occur in the text of some row (case ignored)
    "team_name": ("laws", ("title", "effect"), "use the team's name as the laws table writes it (e.g. EFICAVIP)"),
}


def check_data(chapter: str, values: dict, tables: dict, changed=()) -> None:
    """Values that name rows of the data (death ids, claims, organisations) must exist in
    the data folder being built: checked before any chapter runs. A name searched for in
    the text of the data (the special team) is checked when it was set with ``-p``
    (``changed``); at its default, a data folder that never names it is a finding."""
    for name, (table, columns, advice) in NAMED_IN_DATA.items():
        given = values.get(name)
        if given is None or name not in changed or table not in tables:
            continue
        text = " ".join(str(v) for c in columns for v in tables[table][c].dropna()).casefold()
        if str(given).casefold() not in text:
            raise ParameterError(f"-p {chapter}.{name}={given}: no row of {table}.csv names it in "
                                 f"{' or '.join(columns)}; {advice}")
    for name, (table, column, advice) in IN_DATA.items():
        given = values.get(name)
        if given is None or table not in tables:
            continue
        known = set(tables[table][column].dropna())
        unknown = [v for v in (given if isinstance(given, list) else [given]) if v not in known]
        if unknown:
            choices = ", ".join(sorted(map(str, known))) if len(known) <= 12 else f"{len(known)} values"
            raise ParameterError(f"-p {chapter}.{name}: {', '.join(map(str, unknown))} is not in {table}.csv "
                                 f"(column {column}: {choices}); {advice}")


def check_chapter(chapter: str, values: dict, descriptor: dict | None = None) -> dict:
    """Every value of one chapter checked (``values`` maps name -> value); also the
    rules between parameters. Returns the checked values."""
    specs = SPECS.get(chapter, {})
    out = {}
    for name, value in values.items():
        if name == "data_dir":
            out[name] = value
            continue
        if name not in specs:
            raise ParameterError(f"{chapter}.{name} has no declared type (add it to peru_protests.parameters.SPECS)")
        try:
            out[name] = check(f"{chapter}.{name}", value, specs[name], descriptor)
        except ParameterError as exc:
            raise ParameterError(f"-p {chapter}.{name}={value}: {exc}") from None
    if out.get("start") and out.get("end") and out["end"] < out["start"]:
        raise ParameterError(f"-p {chapter}.end={out['end']}: the period ends before it starts ({out['start']})")
    return out
