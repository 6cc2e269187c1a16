"""Words for comparing the book's numbers with published ones, and for intervals.

One rule everywhere: a recomputed figure is *about the same* as a published one when it
lies within a stated tolerance, and otherwise *higher* or *lower* than it. The book never
says that a claim "does not hold" when its own figure is higher than the claim.
"""

from __future__ import annotations

import math

EPS = 1e-9  # a difference exactly at the tolerance counts as within it


def compare(value: float, published: float, tolerance: float) -> str:
    """'same', 'higher' or 'lower': ``value`` against ``published``, 'same' when they are
    at most ``tolerance`` apart (inclusive). 'undefined' when either is missing."""
    if value is None or published is None or any(isinstance(v, float) and math.isnan(v) for v in (value, published)):
        return "undefined"
    diff = float(value) - float(published)
    if abs(diff) <= tolerance + EPS:
        return "same"
    return "higher" if diff > 0 else "lower"


def claim_verdict(value_pct: float, claimed_pct: float, tolerance_points: float, what: str = "claimed") -> str:
    """A verdict in words for a percentage against a claimed percentage: 'about the same as
    claimed (within 2.5 points)', 'higher than claimed (by 3.9 points)' or 'lower than
    claimed (by 2.6 points)'. ``what`` names the other figure ('claimed', 'published')."""
    kind = compare(value_pct, claimed_pct, tolerance_points)
    if kind == "undefined":
        return "not comparable (no figure)"
    if kind == "same":
        return f"about the same as {what} (within {tolerance_points:g} points)"
    return f"{kind} than {what} (by {abs(value_pct - claimed_pct):.1f} points)"


def count_verdict(derived: int, published: int, what: str = "published") -> str:
    """A derived count against a published one, with no tolerance: 'the same as published',
    '2 more than published', '1 fewer than published'."""
    diff = int(derived) - int(published)
    if diff == 0:
        return f"the same as {what}"
    return f"{abs(diff)} {'more' if diff > 0 else 'fewer'} than {what}"


def sig(value: float, digits: int = 2) -> str:
    """A ratio for the prose, rounded to ``digits`` significant figures but never to fewer
    than the integer part: 4.79 → '4.8', 121.4 → '121' (not '120'), 0.43 → '0.43';
    infinity → 'unbounded', missing → 'undefined'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "undefined"
    value = float(value)
    if math.isinf(value):
        return "unbounded"
    if value == 0:
        return "0"
    decimals = max(digits - 1 - math.floor(math.log10(abs(value))), 0)
    return f"{value:,.{decimals}f}"


def interval(lower: float, upper: float, digits: int = 2) -> str:
    """'4.8 to 121'."""
    return f"{sig(lower, digits)} to {sig(upper, digits)}"


def ratio_with(ratio: float, lower: float, upper: float, what: str, digits: int = 2) -> str:
    """'30 (95% interval 4.8 to 121, cluster bootstrap)': the ratio, its interval and what
    the interval assumes."""
    return f"{sig(ratio, digits)} (95% interval {interval(lower, upper, digits)}, {what})"


def covers_one(lower: float, upper: float) -> str:
    """Where an interval lies relative to 1: 'above', 'below' or 'includes'."""
    if lower > 1:
        return "above"
    if upper < 1:
        return "below"
    return "includes"
