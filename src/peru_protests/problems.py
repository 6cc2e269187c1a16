"""What a problem in the data is, and the small readers that every rule shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str = ""

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f", value {self.value!r}"
        detail = f": {self.message}" if self.message else ""
        return f"{where}{value}: breaks rule '{self.rule}'{detail}"


def split_list(cell) -> list[str]:
    """The items of a ';'-separated list cell ('' or a missing value: none)."""
    return [v for v in cell.split(";") if v] if isinstance(cell, str) else []


def days(*values: str) -> bool:
    """True when every value is a well-formed day (YYYY-MM-DD), so that comparing them as
    text compares them as dates; a malformed one is reported by rule date-iso instead."""
    return all(ISO_DAY.match(v or "") for v in values)
