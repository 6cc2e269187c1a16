"""Words for comparing the book's numbers with published ones, and for intervals.

One rule everywhere: a recomputed figure is *about the same* as a published one when it
lies within a stated tolerance, and otherwise *higher* or *lower* than it. The book never
says that a claim "does not hold" when its own figure is higher than the claim.
"""

from __future__ import annotations

import math

from peru_protests.i18n import _, n_

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


def claim_verdict(value_pct: float, claimed_pct: float, tolerance_points: float, what: str | None = None,
                  lang: str = "en") -> str:
    """A verdict in words for a percentage against a claimed percentage: 'about the same as
    claimed (within 2.5 points)', 'higher than claimed (by 3.9 points)' or 'lower than
    claimed (by 2.6 points)'. ``what`` names the other figure, already in ``lang``
    (default: 'claimed')."""
    what = _(lang, "claimed") if what is None else what
    kind = compare(value_pct, claimed_pct, tolerance_points)
    if kind == "undefined":
        return _(lang, "not comparable (no figure)")
    tol = _points(tolerance_points, lang)
    if kind == "same":
        return _(lang, "about the same as {what} (within {t} points)").format(what=what, t=tol)
    by = number(abs(value_pct - claimed_pct), lang, 1)
    if kind == "higher":
        return _(lang, "higher than {what} (by {d} points)").format(what=what, d=by)
    return _(lang, "lower than {what} (by {d} points)").format(what=what, d=by)


def _points(value: float, lang: str) -> str:
    from peru_protests import i18n

    return i18n.number(lang, float(f"{value:g}"))


def number(value: float, lang: str = "en", digits: int = 1) -> str:
    from peru_protests import i18n

    return i18n.number(lang, value, digits)


def count_verdict(derived: int, published: int, what: str | None = None, lang: str = "en") -> str:
    """A derived count against a published one, with no tolerance: 'the same as published',
    '2 more than published', '1 fewer than published'."""
    what = _(lang, "published") if what is None else what
    diff = int(derived) - int(published)
    if diff == 0:
        return _(lang, "the same as {what}").format(what=what)
    if diff > 0:
        return n_(lang, "{n} more than {what}", "{n} more than {what}", diff).format(n=diff, what=what)
    return n_(lang, "{n} fewer than {what}", "{n} fewer than {what}", -diff).format(n=-diff, what=what)


def sig(value: float, digits: int = 2, lang: str = "en") -> str:
    """A ratio for the prose, rounded to ``digits`` significant figures but never to fewer
    than the integer part: 4.79 → '4.8', 121.4 → '121' (not '120'), 0.43 → '0.43';
    infinity → 'unbounded', missing → 'undefined'."""
    from peru_protests import i18n

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _(lang, "undefined")
    value = float(value)
    if math.isinf(value):
        return _(lang, "unbounded")
    if value == 0:
        return "0"
    decimals = max(digits - 1 - math.floor(math.log10(abs(value))), 0)
    return i18n.number(lang, value, decimals)


def interval(lower: float, upper: float, digits: int = 2, lang: str = "en") -> str:
    """'4.8 to 121'."""
    return _(lang, "{lower} to {upper}").format(lower=sig(lower, digits, lang), upper=sig(upper, digits, lang))


def ratio_with(ratio: float, lower: float, upper: float, what: str, digits: int = 2, lang: str = "en") -> str:
    """'30 (95% interval 4.8 to 121, cluster bootstrap)': the ratio, its interval and what
    the interval assumes (``what`` already in ``lang``)."""
    return _(lang, "{ratio} (95% interval {interval}, {what})").format(
        ratio=sig(ratio, digits, lang), interval=interval(lower, upper, digits, lang), what=what)


def covers_one(lower: float, upper: float) -> str:
    """Where an interval lies relative to 1: 'above', 'below' or 'includes'."""
    if lower > 1:
        return "above"
    if upper < 1:
        return "below"
    return "includes"
