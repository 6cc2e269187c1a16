"""Figures of the regional chapter: the tile map, the share-and-rate scatter and the
exposure bars, in the book's style (:mod:`peru_protests.plotting`)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from peru_protests.plotting import GROUP_COLOURS, INK


# --- Regional disparity -------------------------------------------------------------

GROUP_EDGE = "#000000"  # outline of the departments in the Indigenous-majority group
REST_COLOUR = "#56B4E9"


def tile_map_figure(table: pd.DataFrame, value: str, label: str, group: list[str]) -> plt.Figure:
    """Tile-grid map: one square per department at its (tile_row, tile_col), coloured by
    ``value`` (sequential, colour-blind safe), showing the department's name (shortened
    to fit a phone; the full names and the deaths are in the table and the download) and
    the value; departments in ``group`` get a thick outline. ``table`` is indexed by
    department code (see :func:`peru_protests.regional.by_department`)."""
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    rows, cols = int(table["tile_row"].max()) + 1, int(table["tile_col"].max()) + 1
    fig, ax = plt.subplots(figsize=(6, 6 * rows / cols + 1.4), layout="constrained")
    cmap = plt.get_cmap("YlOrRd")
    values = table[value].astype(float)
    norm = Normalize(vmin=0, vmax=max(values.max(), 1e-9))
    for code, row in table.iterrows():
        x, y = int(row["tile_col"]), -int(row["tile_row"])
        v = float(row[value])
        colour = cmap(norm(v)) if v > 0 else "#F2F2F2"
        in_group = code in group
        ax.add_patch(Rectangle((x, y), 0.96, 0.96, facecolor=colour, edgecolor=GROUP_EDGE if in_group else "#BBBBBB",
                               linewidth=2.4 if in_group else 0.6))
        text = "white" if norm(v) > 0.6 else INK
        ax.text(x + 0.48, y + 0.66, short_name(row["name"]), ha="center", va="center", fontsize=14, color=text,
                fontweight="bold" if in_group else "normal")
        ax.text(x + 0.48, y + 0.28, f"{v:.2f}", ha="center", va="center", fontsize=14, color=text)
    ax.set_xlim(-0.05, cols + 0.05)
    ax.set_ylim(-rows + 0.9, 1.05)
    ax.set_aspect("equal")
    ax.axis("off")
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = fig.colorbar(sm, ax=ax, orientation="horizontal", shrink=0.8, pad=0.02, aspect=30)
    bar.set_label(label)
    ax.set_title("Deaths per 100,000 by region; thick outline: Indigenous-majority group")
    return fig


SHORT_NAMES = {"Amazonas": "Amaz.", "Apurímac": "Apurím.", "Arequipa": "Areq.", "Ayacucho": "Ayac.",
               "Cajamarca": "Cajam.", "Huancavelica": "Huanc.", "La Libertad": "La Lib.", "Lambayeque": "Lamb.",
               "Madre de Dios": "M. Dios", "Moquegua": "Moq.", "San Martín": "S. Mart."}


def short_name(name: str) -> str:
    """A region's name in at most 7 characters (a tile is that wide on a phone)."""
    return SHORT_NAMES.get(name, name if len(name) <= 7 else name[:6] + ".")


def share_rate_figure(table: pd.DataFrame, rate: str, share_label: str, rate_label: str,
                      group: list[str], threshold: float | None = None) -> plt.Figure:
    """Scatter of Indigenous share (x) against death rate (y), one labelled point per
    department, area proportional to population; the group's points filled dark."""
    fig, ax = plt.subplots(figsize=(9, 6.4), layout="constrained")
    pop = table["population_2017_census"].astype(float)
    sizes = 20 + 380 * pop / pop.max()
    in_group = table.index.isin(group)
    ax.scatter(table.loc[~in_group, "indigenous_pct"], table.loc[~in_group, rate], s=sizes[~in_group],
               color=REST_COLOUR, edgecolor="white", linewidth=0.6, alpha=0.9, label="Other regions")
    ax.scatter(table.loc[in_group, "indigenous_pct"], table.loc[in_group, rate], s=sizes[in_group],
               color=GROUP_COLOURS["civilians_clashes"], edgecolor="white", linewidth=0.6,
               label="Indigenous-majority group")
    top = max(float(table[rate].max()), 1e-9)
    for code, row in table[table[rate] > 0].iterrows():
        ax.annotate(row["name"], (row["indigenous_pct"], row[rate]), xytext=(5, 4), textcoords="offset points",
                    fontsize=7.5, color=INK)
    # Regions without deaths share the zero line: their names go in a strip below it,
    # spread apart and joined to their points by thin leader lines.
    zero = table[table[rate] == 0].sort_values("indigenous_pct")
    placed = []
    for x in zero["indigenous_pct"]:
        placed.append(max(float(x), placed[-1] + 5.0) if placed else float(x))
    for (code, row), lx in zip(zero.iterrows(), placed):
        ax.annotate(row["name"], (row["indigenous_pct"], 0), xytext=(lx, -0.09 * top), textcoords="data",
                    rotation=90, ha="center", va="top", fontsize=7, color=INK,
                    arrowprops={"arrowstyle": "-", "color": "#999999", "linewidth": 0.5, "shrinkA": 0, "shrinkB": 2})
    if threshold is not None:
        ax.axvline(threshold, color=INK, linestyle=":", linewidth=0.9)
        ax.annotate(f"threshold {threshold:g}%", (threshold, 1), xycoords=("data", "axes fraction"),
                    xytext=(3, -10), textcoords="offset points", fontsize=8)
    ax.set_xlabel(share_label)
    ax.set_ylabel(rate_label)
    ax.set_xlim(-3, max(100, placed[-1] + 3) if placed else 100)
    ax.set_ylim(bottom=-0.75 * top, top=top * 1.08)
    ax.axhline(0, color="#CCCCCC", linewidth=0.6, zorder=0)
    ax.set_yticks([t for t in ax.get_yticks() if 0 <= t <= top * 1.08])
    ax.set_title("Indigenous share and death rate, by region (point area: population)")
    legend = ax.legend(loc="upper left", fontsize=8.5)
    for handle in legend.legend_handles:
        handle.set_sizes([45])
    return fig


def exposure_figure(shares: pd.DataFrame) -> plt.Figure:
    """Horizontal bars: the group's share of each quantity (rows of ``shares``, columns
    ``quantity`` and ``share``), with a line at the population share."""
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(shares) + 1.3), layout="constrained")
    y = np.arange(len(shares))[::-1]
    colours = [INK if i == 0 else GROUP_COLOURS["civilians_clashes"] if i == len(shares) - 1 else REST_COLOUR
               for i in range(len(shares))]
    ax.barh(y, shares["share"] * 100, color=colours, height=0.6)
    for yi, v in zip(y, shares["share"]):
        ax.annotate(f"{v * 100:.0f}%", (v * 100, yi), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=9)
    ax.set_yticks(y, shares["quantity"], fontsize=8.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Indigenous-majority group's share (%)")
    ax.set_title("Population, protest and deaths: the group's share of each")
    return fig
