"""Rules about the daily activity table: a figure that adds up a period says when the
period began, and the period does not begin after the report's day."""

from __future__ import annotations

from peru_protests.problems import Problem, days

CUMULATIVE = ("injured_attended",)


def period_rules(file: str, line: int, row: dict[str, str]) -> list[Problem]:
    start, measure = row.get("period_start", ""), row.get("measure", "")
    if measure in CUMULATIVE and not start:
        return [Problem(file, line, "period_start", "", "period-start-required",
                        f"a {measure} figure adds up a period: write the first day it covers (YYYY-MM-DD), as "
                        "its source states it")]
    if start and measure and measure not in CUMULATIVE:
        return [Problem(file, line, "period_start", start, "period-start-only-cumulative",
                        f"only figures that add up a period ({', '.join(CUMULATIVE)}) have a period_start; "
                        f"leave it empty for {measure}")]
    if days(start, row.get("date", "")) and start > row["date"]:
        return [Problem(file, line, "period_start", start, "date-order",
                        f"the period begins after the day of the report ({row['date']})")]
    return []


def overlapping_periods(file: str, rows: list[dict[str, str]], line_key: str) -> list[Problem]:
    """Cumulative figures of one measure and department are added up over their periods,
    so two periods that overlap would count the same people twice."""
    seen: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    out = []
    for row in rows:
        start, end = row.get("period_start", ""), row.get("date", "")
        if row.get("measure") not in CUMULATIVE or not days(start, end) or start > end:
            continue
        key = (row["measure"], row.get("department_code", ""))
        for other_start, other_end, other_line in seen.get(key, []):
            if start <= other_end and other_start <= end:
                out.append(Problem(file, row[line_key], "period_start", start, "periods-no-overlap",
                                   f"the period {start} to {end} overlaps the period {other_start} to {other_end} "
                                   f"of line {other_line} for the same measure and department, so the people would "
                                   "be counted twice: keep only the later report of a period, or split the periods"))
        seen.setdefault(key, []).append((start, end, row[line_key]))
    return out
