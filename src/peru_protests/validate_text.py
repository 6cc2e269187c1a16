"""Cell rules that the Data Package standard cannot express, checked on the raw text of
every cell (before any type conversion), for every table of the descriptor:

* ``text-no-control``: no line break, tab, NUL or other control character in a cell (a
  line break inside a quoted cell would also shift every later row number);
* ``text-no-surrounding-space``: no space at the start or end of a cell;
* ``text-no-markup``: no HTML tag or comment, backtick (MyST roles and code), Markdown link
  or MyST role/directive in a text cell. The book escapes every value anyway (see
  :mod:`peru_protests.markup`); this is defence in depth, and it tells the editor early;
* ``url-http``: addresses (fields with ``"format": "uri"``) are absolute ``http(s)`` URLs;
* ``date-iso``: dates written ``YYYY-MM-DD`` with two-digit month and day and existing in
  the calendar (``YYYY-MM`` or ``YYYY`` too where the field declares
  ``"x-date": "partial"``);
* ``date-not-future``: no date later than the day of validation.

Each rule names the file, the line, the column and the value, and says what to do.
"""

from __future__ import annotations

import datetime as dt
import re

from peru_protests.markup import CONTROL, safe_url

_MARKUP = [
    (re.compile(r"<\s*[A-Za-z!?/]"), "an HTML tag or comment"),
    (re.compile(r"`"), "a backtick (MyST code or role)"),
    (re.compile(r"\]\s*\("), "a Markdown link"),
    (re.compile(r"\{[A-Za-z][\w:.-]*\}"), "a MyST role or directive name in braces"),
    (re.compile(r"(?:javascript|vbscript)\s*:", re.I), "a script address"),
]
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_rows(path: str, fields: list[dict], rows: list[dict[str, str]], lines: list[int],
               today: dt.date | None = None):
    """Yield ``(line, column, shown_value, rule, message)`` for every broken rule."""
    today = today or dt.date.today()
    for line, row in zip(lines, rows):
        for field in fields:
            name = field["name"]
            value = row.get(name, "")
            if not value:
                continue
            shown = _shown(value)
            if CONTROL.search(value):
                yield (line, name, shown, "text-no-control",
                       "a line break, tab or other control character is inside the cell; "
                       "write the text on one line (use '; ' between items)")
                continue
            if value != value.strip():
                yield (line, name, shown, "text-no-surrounding-space",
                       "remove the spaces at the start or end of the cell")
            if field["type"] == "date" or field.get("x-date") == "partial":
                yield from _date_rule(line, name, value, field.get("x-date") == "partial", today)
            elif field["type"] == "string":
                if field.get("format") == "uri":
                    if safe_url(value) is None:
                        yield (line, name, shown, "url-http",
                               "must be a full web address starting with http:// or https://, "
                               "without spaces or quotes")
                    continue
                for pattern, what in _MARKUP:
                    if pattern.search(value):
                        yield (line, name, shown, "text-no-markup",
                               f"contains {what}; data cells are plain text: reword it "
                               "(e.g. write the address in the sources table, not in the text)")
                        break


def _date_rule(line: int, name: str, value: str, partial: bool, today: dt.date):
    match = (_PARTIAL if partial else _DATE).match(value)
    form = "YYYY-MM-DD, YYYY-MM or YYYY" if partial else "YYYY-MM-DD"
    if not match:
        yield (line, name, value, "date-iso",
               f"write the date as {form} with two-digit month and day (e.g. 2022-12-09)")
        return
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        earliest = dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        yield (line, name, value, "date-iso", "this day does not exist in the calendar")
        return
    if earliest > today:
        yield (line, name, value, "date-not-future",
               f"the date is later than today ({today.isoformat()}); data record what has happened")


def _shown(value: str) -> str:
    """The value as a report shows it: control characters made visible, long text cut."""
    shown = CONTROL.sub(lambda m: repr(m.group())[1:-1], value)
    return shown if len(shown) <= 80 else shown[:77] + "..."
