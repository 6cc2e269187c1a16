"""The wait for formalisation drawn as a band: the Kaplan-Meier curve under the latest
possible formalisation dates (solid) and under the earliest (dashed), shaded between them,
from :mod:`peru_protests.censoring`. Built on
:func:`peru_protests.justice_plots.formalisation_curve_figure`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from peru_protests.justice_plots import FORMALISED_COLOUR, formalisation_curve_figure
from peru_protests.plotting import INK, legend_below


def _at(curve: pd.DataFrame, grid) -> np.ndarray:
    """The step function ``share_formalised`` of a curve evaluated on ``grid``."""
    idx = np.searchsorted(curve["days"].to_numpy(), grid, side="right") - 1
    return curve["share_formalised"].to_numpy()[np.clip(idx, 0, None)]


def formalisation_band_figure(early: pd.DataFrame, late: pd.DataFrame, medians: tuple[int | None, int | None],
                              basis_label: str) -> plt.Figure:
    """The latest-dates curve with its censoring ticks and years at risk (as in
    :func:`formalisation_curve_figure`), the earliest-dates curve dashed, the band between
    them shaded, and the median wait as a range."""
    fig = formalisation_curve_figure(late, None, basis_label)
    ax = fig.axes[0]
    if late.empty or early.empty or late["at_risk"].iloc[0] == 0:
        return fig
    last = int(max(late["days"].max(), early["days"].max()))
    grid = np.array(sorted(set(late["days"]) | set(early["days"]) | {last}))
    ax.fill_between(grid, _at(late, grid) * 100, _at(early, grid) * 100, step="post", color=FORMALISED_COLOUR,
                    alpha=0.22, linewidth=0, label="Range the bounded dates allow")
    ax.step(list(early["days"]) + [last], list(early["share_formalised"] * 100) + [early["share_formalised"].iloc[-1] * 100],
            where="post", color=FORMALISED_COLOUR, linewidth=1.3, linestyle="--",
            label="At the earliest possible dates")
    lines = ax.get_lines()
    if lines:
        lines[0].set_label("At the latest possible dates")
    lo, hi = medians
    if lo is not None and hi is not None:
        ax.plot([lo, hi], [50, 50], color=INK, linewidth=2.2, solid_capstyle="butt")
        text = f"median wait: {lo} days" if lo == hi else f"median wait: {lo} to {hi} days"
        # inside the plot at its left edge, just above the half-way line: never off the figure
        ax.annotate(text, (0.02, 50), xycoords=("axes fraction", "data"), xytext=(0, 6), textcoords="offset points",
                    ha="left", va="bottom", fontsize=9)
    ax.set_title("Share of deaths whose case had been formalised, by time since the death (range allowed by the "
                 "dates' bounds)", fontsize=10)
    legend_below(fig, ax)
    return fig
