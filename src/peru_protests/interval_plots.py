"""Figures of rate ratios with their intervals, on log axes labelled in plain numbers
(1, 10, 100 rather than 10⁰, 10¹, 10²). They use the book's style
(:func:`peru_protests.plotting.use_style`) and colours."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from peru_protests.plotting import GROUP_COLOURS, INK, legend_below

BOOT_COLOUR = "#E69F00"  # Okabe-Ito orange-yellow: the cluster-bootstrap interval


def plain_number(value: float, _pos=None) -> str:
    """A tick label in plain numbers: 0.1, 1, 10, 100, 1,000."""
    if value <= 0 or not np.isfinite(value):
        return ""
    if value >= 1:
        return f"{value:,.0f}"
    return f"{value:.10f}".rstrip("0").rstrip(".")


def plain_log_axis(axis) -> None:
    """Put a log axis's major ticks at powers of ten (and 2 and 5 between them) and label
    them in plain numbers; minor ticks are unlabelled."""
    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(plain_number))
    axis.set_minor_formatter(NullFormatter())


def threshold_sweep_figure(sweep: pd.DataFrame, threshold: float, share_label: str) -> plt.Figure:
    """Top: the group's share of the population and of the deaths as the threshold that
    defines it moves. Bottom: the rate ratio, group against the rest, with its exact
    Poisson interval (thin) and, where ``sweep`` has ``boot_lower``/``boot_upper``, the
    cluster-bootstrap interval (wide band), on a log scale; thresholds at which one side
    is empty are left blank and an unbounded upper limit runs to the top edge."""
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(9, 6.4), layout="constrained")
    top.step(sweep["threshold"], sweep["death_share"] * 100, where="post", color=GROUP_COLOURS["civilians_clashes"],
             linewidth=1.8, label="Share of deaths")
    top.step(sweep["threshold"], sweep["population_share"] * 100, where="post", color=INK, linewidth=1.4,
             linestyle="--", label="Share of population")
    top.set_ylabel("Group's share (%)")
    top.set_ylim(0, 105)
    top.legend(loc="upper right", fontsize=8.5)
    top.set_title("The group above each threshold: its share of deaths and of population")
    ok = sweep[np.isfinite(sweep["rate_ratio"]) & (sweep["rate_ratio"] > 0)]
    finite = [v for v in pd.concat([ok["lower"], ok["upper"], ok.get("boot_lower", pd.Series(dtype=float)),
                                    ok.get("boot_upper", pd.Series(dtype=float))]) if np.isfinite(v) and v > 0]
    ceiling = max(finite) * 3 if finite else 10
    if "boot_lower" in ok:
        for _, r in ok.iterrows():
            if np.isfinite(r["boot_lower"]):
                up = r["boot_upper"] if np.isfinite(r["boot_upper"]) else ceiling
                bottom.plot([r["threshold"]] * 2, [max(r["boot_lower"], 1e-3), up], color=BOOT_COLOUR, linewidth=7,
                            alpha=0.55, solid_capstyle="butt")
        bottom.plot([], [], color=BOOT_COLOUR, linewidth=7, alpha=0.55, label="Cluster bootstrap (lethal events)")
    upper = ok["upper"].where(np.isfinite(ok["upper"]), ceiling)
    bottom.errorbar(ok["threshold"], ok["rate_ratio"], yerr=[ok["rate_ratio"] - ok["lower"], upper - ok["rate_ratio"]],
                    fmt="o", color=GROUP_COLOURS["civilians_clashes"], ecolor=INK, elinewidth=0.9, capsize=2.5,
                    markersize=4.5, label="Exact Poisson (deaths independent)")
    bottom.axhline(1, color=INK, linewidth=0.8)
    bottom.set_yscale("log")
    plain_log_axis(bottom.yaxis)
    bottom.set_ylim(top=ceiling)
    bottom.set_ylabel("Rate ratio, group / rest")
    bottom.set_xlabel(f"Threshold: {share_label} above (%)")
    bottom.set_title("Rate ratio with its 95% intervals (log scale)")
    for ax in (top, bottom):
        ax.axvline(threshold, color=INK, linestyle=":", linewidth=0.9)
    legend_below(fig, bottom)
    return fig


def forest_figure(table: pd.DataFrame, title: str) -> plt.Figure:
    """Forest plot: one row per variant (``variant``, ``rate_ratio``, ``lower``,
    ``upper``; optionally ``boot_lower``/``boot_upper``), the first row (the baseline)
    emphasised, log scale in plain numbers. Thin bar: exact Poisson interval; wide pale
    band: cluster-bootstrap interval where given; a bar without an upper limit runs to the
    right edge."""
    n = len(table)
    fig, ax = plt.subplots(figsize=(6, 0.8 * n + 1.6), layout="constrained")
    y = np.arange(n)[::-1]
    values = pd.concat([table[c] for c in ("lower", "upper", "boot_lower", "boot_upper") if c in table])
    finite = values[np.isfinite(values.astype(float)) & (values.astype(float) > 0)]
    right = float(finite.max()) * 2 if len(finite) else 10
    has_boot = "boot_lower" in table
    for yi, (_, row) in zip(y, table.iterrows()):
        base = yi == y[0]
        colour = GROUP_COLOURS["civilians_clashes"] if base else INK
        if not (np.isfinite(row["rate_ratio"]) and row["rate_ratio"] > 0):
            continue
        if has_boot and pd.notna(row["boot_lower"]) and np.isfinite(row["boot_lower"]):
            up = row["boot_upper"] if np.isfinite(row["boot_upper"]) else right
            ax.plot([max(row["boot_lower"], 1e-3), up], [yi, yi], color=BOOT_COLOUR, linewidth=7, alpha=0.5,
                    solid_capstyle="butt")
        up = row["upper"] if np.isfinite(row["upper"]) else right
        ax.plot([row["lower"], up], [yi, yi], color=colour, linewidth=1.6 if base else 1)
        ax.plot(row["rate_ratio"], yi, "D" if base else "o", color=colour, markersize=6 if base else 4.5)
    ax.set_yticks(y, table["variant"], fontsize=8)
    ax.axhline(y[0] - 0.5, color="#CCCCCC", linewidth=0.6)
    ax.axvline(1, color=INK, linewidth=0.8)
    ax.set_xscale("log")
    plain_log_axis(ax.xaxis)
    ax.set_xlim(right=right)
    ax.set_xlabel("Rate ratio, Indigenous-majority group / rest (log scale; thin bar: exact Poisson 95% interval"
                  + ("; wide band: cluster bootstrap" if has_boot else "") + ")")
    ax.set_title(title)
    ax.set_ylim(-0.7, n - 0.3)
    return fig
