"""Figures of the justice chapter. Each function returns a ``matplotlib.figure.Figure``
drawn in the book's style (call :func:`peru_protests.plotting.use_style` first); the data
come from :mod:`peru_protests.justice`. Colours are Okabe-Ito (colour-blind safe) and every
colour is doubled by a marker shape, a line style or a written number."""

from __future__ import annotations

import math
import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from peru_protests.justice import (KIND_LABELS, MEASURE_LABELS, STAGE_LABELS, STAGES, STATUS_LABELS,
                                   STATUS_ORDER)
from peru_protests.plotting import GROUP_COLOURS, INK, date_axis, label_levels, legend_below

# One colour and one marker per kind of milestone (Okabe-Ito).
STAGE_STYLE = {
    "opened": {"color": "#56B4E9", "marker": "o"},
    "preliminary": {"color": "#0072B2", "marker": "s"},
    "formalised": {"color": "#E69F00", "marker": "D"},
    "accusation": {"color": "#D55E00", "marker": "^"},
    "trial": {"color": "#CC79A7", "marker": "v"},
    "judgement": {"color": "#009E73", "marker": "*"},
    "archived": {"color": INK, "marker": "X"},
    "transferred": {"color": "#999999", "marker": ">"},
    "other": {"color": "#BBBBBB", "marker": "."},
}
STATUS_COLOURS = {"met": "#009E73", "partly_met": "#E69F00", "not_met": "#D55E00", "unknown": "#BBBBBB",
                  "not_yet_assessed": "#FFFFFF"}
LAW_KINDS = {"law": "Laws", "decree": "Decrees", "court_decision": "Court decisions",
             "institutional": "Prosecution service", "bill": "Bills"}
FORMALISED_COLOUR = STAGE_STYLE["formalised"]["color"]


def short_title(title: str, width: int = 46) -> str:
    """A case title without its comma-separated dates ("Killings around X, 9 Jan 2023" ->
    "Killings around X"), shortened to ``width`` characters."""
    parts = str(title).split(", ")
    text = ", ".join([parts[0]] + [p for p in parts[1:] if not any(ch.isdigit() for ch in p)])
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=10, color=INK)
    ax.set_xticks([])
    ax.set_yticks([])


# --- funnel ----------------------------------------------------------------------------------

def funnel_figure(table: pd.DataFrame) -> plt.Figure:
    """Horizontal bars, one per step of the funnel (top to bottom), with the number of deaths
    and their share of all deaths written beside each bar."""
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(table) + 1.3), layout="constrained")
    y = np.arange(len(table))[::-1]
    colours = ["#999999"] + [GROUP_COLOURS["civilians_clashes"]] * (len(table) - 1)
    ax.barh(y, table["deaths"], color=colours, height=0.62)
    top = max(int(table["deaths"].max()), 1)
    for yi, (_, row) in zip(y, table.iterrows()):
        share = "" if pd.isna(row["share"]) else f" ({row['share'] * 100:.0f}%)"
        ax.annotate(f"{int(row['deaths'])}{share}", (row["deaths"], yi), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9.5, color=INK)
    ax.set_yticks(y, table["label"], fontsize=9.5)
    ax.set_xlim(0, top * 1.18)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Deaths")
    ax.set_title("How far the case of each death had gone")
    return fig


# --- swim lanes ------------------------------------------------------------------------------

def swimlane_figure(states: pd.DataFrame, steps: pd.DataFrame, laws: pd.DataFrame, start, end) -> plt.Figure:
    """Top: one lane per case with a dated step (grouped by kind, then by first step), with a
    marker per milestone; the lane is a thin grey line while the case is open and below
    formalisation, a thick orange one from its formalisation, and stops at an archiving or
    a judgement.
    Bottom, on the same time axis: the laws and decisions, one lane per kind, numbered as in
    the laws table (labels stacked where they fall close together)."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    shown = states[states["rank"] > 0].copy()
    shown["_k"] = shown["kind"].map({k: i for i, k in enumerate(KIND_LABELS)})
    shown = shown.sort_values(["_k", "first_step", "case_id"])
    rows: list[tuple[str, str | None]] = []  # (label, case_id or None for a group header)
    for kind in KIND_LABELS:
        cases = shown[shown["kind"] == kind]
        if len(cases):
            rows.append((KIND_LABELS[kind], None))
            rows += [(short_title(t, 21), c) for t, c in zip(cases["title"], cases["case_id"])]
    law_kinds = [k for k in LAW_KINDS if (laws["kind"] == k).any()] if len(laws) else []
    n = max(len(rows), 1)
    x0, x1 = start - pd.Timedelta(days=15), end + pd.Timedelta(days=15)
    gap = (mdates.date2num(x1) - mdates.date2num(x0)) / 11  # a numbered circle is that wide on a phone
    depths = {k: max(label_levels([mdates.date2num(d) for d in laws.loc[laws["kind"] == k, "date"].sort_values()],
                                  min_gap=gap)) + 1 for k in law_kinds}
    top_h = 0.4 * n + 0.8
    bottom_h = 0.32 * sum(depths.values()) + 0.4 * len(law_kinds) + 0.6
    fig, (ax, lx) = plt.subplots(2, 1, sharex=True, figsize=(6, top_h + bottom_h + 1.0),
                                 height_ratios=[top_h, bottom_h], layout="constrained")
    if not rows:
        _empty(ax, "No case has a dated step by this date")
    for y, (label, case) in enumerate(rows):
        if case is None:
            continue
        st = shown.set_index("case_id").loc[case]
        judged = steps.loc[(steps["case_id"] == case) & (steps["stage"] == "judgement"), "date"]
        stop = st["archived_on"] if st["status"] == "archived" else judged.min() if len(judged) else end
        ax.plot([st["first_step"], stop], [y, y], color="#BBBBBB", linewidth=1.2, zorder=1, solid_capstyle="butt")
        if pd.notna(st["formalised_on"]):
            ax.plot([st["formalised_on"], stop], [y, y], color=FORMALISED_COLOUR, linewidth=3.2, alpha=0.55,
                    zorder=1, solid_capstyle="butt")
        own = steps[steps["case_id"] == case]
        for stage, group in own.groupby("stage"):
            style = STAGE_STYLE[stage]
            size = 90 if stage == "judgement" else 70 if stage == "other" else 34
            ax.scatter(group["date"], [y] * len(group), marker=style["marker"], s=size, color=style["color"],
                       edgecolor=INK if stage not in ("archived", "other") else "none", linewidth=0.4, zorder=3)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=7.5)
    for tick, (_, case) in zip(ax.get_yticklabels(), rows):
        if case is None:
            tick.set_fontweight("bold")
            tick.set_fontsize(8)
    for y, (_, case) in enumerate(rows):
        if case is None and y:
            ax.axhline(y - 0.5, color="#DDDDDD", linewidth=0.8)
    ax.set_ylim(len(rows) - 0.5, -0.6)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#F0F0F0")
    ax.set_title("Each case's steps on one time axis")
    used = [s for s in [*STAGES, "archived", "transferred", "other"] if (steps["stage"] == s).any()]
    handles = [Line2D([], [], linestyle="", marker=STAGE_STYLE[s]["marker"], color=STAGE_STYLE[s]["color"],
                      markeredgecolor=INK if s not in ("archived", "other") else STAGE_STYLE[s]["color"],
                      markersize=9 if s == "other" else 6, label=STAGE_LABELS[s].split(" (")[0]) for s in used]
    if shown["formalised_on"].notna().any():
        handles.append(Line2D([], [], color=FORMALISED_COLOUR, linewidth=3.2, alpha=0.55,
                              label="Formalised, still open"))
    # laws and decisions: one lane per kind, as tall as its stacked labels
    if law_kinds:
        centres, y_top = [], 0.0
        for kind in law_kinds:
            rows_k = laws[laws["kind"] == kind].sort_values("date")
            xs = [mdates.date2num(d) for d in rows_k["date"]]
            levels = label_levels(xs, min_gap=gap)
            depth = depths[kind]
            centre = y_top + (depth - 1) / 2
            centres.append(centre)
            for (_, law), level in zip(rows_k.iterrows(), levels):
                yy = y_top + level
                lx.scatter(law["date"], yy, s=380, color="white", edgecolor=INK, linewidth=0.7, zorder=3)
                lx.annotate(str(law["number"]), (law["date"], yy), ha="center", va="center", fontsize=14, zorder=4)
            y_top += depth + 0.6
        lx.set_yticks(centres, [LAW_KINDS[k] for k in law_kinds])
        lx.set_ylim(y_top - 0.3, -0.8)
    else:
        lx.set_yticks([])
        lx.text(0.5, 0.5, "No law or decision by this date", transform=lx.transAxes, ha="center", va="center")
    lx.grid(axis="y", color="#EEEEEE")
    lx.tick_params(axis="y", length=0)
    lx.set_title("Laws and decisions bearing on accountability (numbers: laws table)")
    lx.set_xlim(x0, x1)
    for a in (ax, lx):
        a.axvline(end, color=INK, linestyle=":", linewidth=0.9)
    ax.annotate("as of", (end, 1), xycoords=("data", "axes fraction"), xytext=(-3, -9), textcoords="offset points",
                ha="right", fontsize=7.5)
    date_axis(lx)
    legend_below(fig, lx, handles)
    return fig


# --- waiting for formalisation ---------------------------------------------------------------

def formalisation_curve_figure(curve: pd.DataFrame, median: int | None, basis_label: str) -> plt.Figure:
    """The Kaplan-Meier estimate of the share of deaths whose case had been formalised, by
    days since the death (step function), with a tick for every wait still running at the
    as-of date (censored), the median wait if the curve reaches 50%, and the number still
    waiting (at risk) at each full year under the axis."""
    fig, ax = plt.subplots(figsize=(9, 5), layout="constrained")
    if curve.empty or curve["at_risk"].iloc[0] == 0:
        _empty(ax, "No dated death in this selection")
        return fig
    last = int(curve["days"].max())
    xs = list(curve["days"]) + [last]
    ys = list(curve["share_formalised"] * 100) + [curve["share_formalised"].iloc[-1] * 100]
    ax.step(xs, ys, where="post", color=FORMALISED_COLOUR, linewidth=2, label="Share formalised (Kaplan-Meier)")
    cens = curve[curve["censored"] > 0]
    if len(cens):
        ax.scatter(cens["days"], cens["share_formalised"] * 100, marker="|", s=160, color=INK, linewidth=1.4,
                   zorder=3, label="Still waiting at the as-of date (censored)")
        several = cens[cens["censored"] > 1]
        levels = label_levels(list(several["days"].astype(float)), min_gap=max(int(curve["days"].max()), 30) / 22)
        for (_, r), level in zip(several.iterrows(), levels):
            ax.annotate(f"×{int(r['censored'])}", (r["days"], r["share_formalised"] * 100), xytext=(0, 8 + 9 * level),
                        textcoords="offset points", fontsize=7.5, ha="center")
    if median is not None:
        ax.plot([0, median, median], [50, 50, 0], color=INK, linestyle=":", linewidth=1)
        ax.annotate(f"median wait: {median} days", (median, 50), xytext=(-6, 6), textcoords="offset points",
                    ha="right", fontsize=9)
    ax.axhline(50, color="#DDDDDD", linewidth=0.7, zorder=0)
    ax.set_ylim(-2, 102)
    ax.set_xlim(-10, max(last, 30) * 1.04 + 10)
    ax.set_ylabel("Deaths whose case had been formalised (%)")
    ax.set_xlabel(f"Days since the {basis_label}")
    step = 365 if last >= 540 else 90 if last >= 180 else 30
    ticks = list(range(0, last + 1, step))
    for yd in ticks[1:]:
        ax.axvline(yd, color="#EEEEEE", linewidth=0.8, zorder=0)
    risk = [int(curve.loc[curve["days"] >= t, "at_risk"].iloc[0]) if (curve["days"] >= t).any() else 0
            for t in ticks]
    ax.set_xticks(ticks, [f"{t}\n{f'({t // 365} yr)' if t and t % 365 == 0 else ''}\n{r} waiting"
                          for t, r in zip(ticks, risk)], fontsize=8)
    ax.set_title("Share of deaths whose case had been formalised, by time since the death")
    ax.legend(loc="upper left", fontsize=8.5)
    return fig


# --- suspects ---------------------------------------------------------------------------------

def suspects_figure(killings: pd.DataFrame, officials: pd.DataFrame, titles: dict[str, str], start, end
                    ) -> plt.Figure:
    """Top: suspects under investigation in the investigations of the killings (sums over
    cases of the latest figure each reported; suspect-case pairs), stacked by force, with the
    commanders among them as a dashed line. Bottom: ministers, prime ministers and the
    president under investigation in each case against them, dropping to zero when the
    case is archived."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(9, 6.4), height_ratios=[1.3, 1],
                                      layout="constrained")
    if len(killings):
        frame = killings.copy()
        frame.loc[end] = frame.iloc[-1]
        frame = frame[~frame.index.duplicated(keep="first")].sort_index()
        x = frame.index
        parts = [("police", "Police", GROUP_COLOURS["security_forces"]), ("military", "Military", "#009E73"),
                 ("force_not_reported", "Force not reported", "#BBBBBB")]
        top.stackplot(x, *[frame[c] for c, _, _ in parts], labels=[lab for _, lab, _ in parts],
                      colors=[col for _, _, col in parts], step="post", linewidth=0)
        top.step(x, frame["officials"], where="post", color=INK, linestyle="--", linewidth=1.3,
                 label="Commanders among them")
        top.annotate(f"{int(frame['total'].iloc[-1])}", (x[-1], frame["total"].iloc[-1]), xytext=(3, 0),
                     textcoords="offset points", va="center", fontsize=8.5)
        top.legend(loc="upper left", fontsize=8)
    else:
        _empty(top, "No suspects reported by this date")
    top.set_ylabel("Suspects (summed over cases)")
    top.set_title("Security-force suspects in the investigations of the killings")
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.set_ylim(bottom=0)
    if len(officials.columns):
        palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", INK]
        styles = ["-", "--", "-.", ":"]
        frame = officials.copy()
        frame.loc[end] = frame.iloc[-1]
        frame = frame[~frame.index.duplicated(keep="first")].sort_index()
        for i, case in enumerate(frame.columns):
            values = frame[case]
            live = values[values > 0]
            if live.empty:
                continue
            after = values[values.index > live.index[-1]]
            dropped = after[after == 0]
            upto = dropped.index[0] if len(dropped) else values.index[-1]
            part = values[(values.index >= live.index[0]) & (values.index <= upto)]
            colour = palette[i % len(palette)]
            bottom.step(part.index, part, where="post", color=colour, linestyle=styles[i % len(styles)],
                        linewidth=1.8, label=short_title(titles.get(case, case), 78))
            if len(dropped):
                bottom.scatter([upto], [live.iloc[-1]], marker="X", s=45, color=INK, zorder=3)
        bottom.scatter([], [], marker="X", s=45, color=INK, label="Archived")
        bottom.legend(loc="upper left", fontsize=7.5, ncols=1)
        bottom.set_ylim(-0.5, max(int(frame.to_numpy().max()), 1) * 1.9)
    else:
        _empty(bottom, "No case against officials by this date")
    bottom.set_ylabel("People under investigation")
    bottom.set_title("Ministers and the president in the cases against them (zero once archived)")
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.set_xlim(start - pd.Timedelta(days=10), end + pd.Timedelta(days=20))
    date_axis(bottom)
    return fig


# --- caseload -------------------------------------------------------------------------------

def caseload_figure(series: pd.DataFrame, start, end) -> plt.Figure:
    """One small panel per measure, sharing the time axis: each reported figure as a marker
    (filled: exact; hollow: a lower bound; grey: approximate) with its value written beside
    it. Figures are never joined: they come from different counters and universes."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    measures = [m for m in MEASURE_LABELS if (series["measure"] == m).any()]
    if not measures:
        fig, ax = plt.subplots(figsize=(9, 2.5), layout="constrained")
        _empty(ax, "No caseload figure by this date")
        return fig
    ncols = 1  # one panel a row: a phone has no room for two
    nrows = math.ceil(len(measures) / ncols)
    fig, axes = plt.subplots(nrows, ncols, sharex=True, figsize=(6, 1.9 * nrows + 0.9),
                             layout="constrained", squeeze=False)
    span = mdates.date2num(end) - mdates.date2num(start)
    for ax, measure in zip(axes.flat, measures):
        rows = series[series["measure"] == measure].sort_values(["date", "value"])
        top = max(float(rows["value"].max()), 1) * 1.35
        for _, r in rows.iterrows():
            face = {"exact": INK, "at_least": "white", "about": "#999999"}[r["qualifier"]]
            ax.scatter(r["date"], r["value"], s=30, facecolor=face, edgecolor=INK, linewidth=1, zorder=3)
        # labels: points close in time form a cluster whose labels sit in a column to its
        # right, spread apart vertically and joined to their points by thin lines
        xs = [mdates.date2num(d) for d in rows["date"]]
        clusters: list[list[int]] = []
        for i, x in enumerate(xs):
            if clusters and x - xs[clusters[-1][-1]] < span / 12:
                clusters[-1].append(i)
            else:
                clusters.append([i])
        for cluster in clusters:
            members = sorted(cluster, key=lambda i: float(rows["value"].iloc[i]))
            ys = _spread([float(rows["value"].iloc[i]) for i in members], top * 0.13, top)
            lx = max(xs[i] for i in cluster) + span / 60
            for i, ly in zip(members, ys):
                r = rows.iloc[i]
                prefix = {"exact": "", "at_least": "≥", "about": "~"}[r["qualifier"]]
                moved = len(cluster) > 1
                ax.annotate(f"{prefix}{int(r['value']):,}", (xs[i], float(r["value"])), xytext=(lx, ly),
                            textcoords="data", fontsize=7.5, va="center", ha="left",
                            arrowprops={"arrowstyle": "-", "color": "#AAAAAA", "linewidth": 0.5, "shrinkA": 0,
                                        "shrinkB": 3} if moved else None)
        ax.set_title(MEASURE_LABELS[measure], fontsize=9.5)
        ax.set_ylim(0, top)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(axis="y", color="#F0F0F0")
    for ax in list(axes.flat)[len(measures):]:
        ax.set_visible(False)
    for ax in axes.flat:
        ax.set_xlim(start - pd.Timedelta(days=20), end + pd.Timedelta(days=60))
        date_axis(ax)
        ax.tick_params(axis="x", labelsize=8)
    for ax in list(axes.flat)[len(measures) - ncols:len(measures)]:
        ax.xaxis.set_tick_params(labelbottom=True)
    legend_below(fig, list(axes.flat)[len(measures) - 1],
                 [Line2D([], [], linestyle="", marker="o", markerfacecolor=f, markeredgecolor=INK, color=INK,
                         label=lab) for f, lab in ((INK, "Exact"), ("white", "At least"), ("#999999", "About"))])
    fig.suptitle("Figures reported on the investigations and on protesters", x=0.01, ha="left",
                 fontsize=11, fontweight="bold")
    return fig


def _spread(values: list[float], gap: float, ceiling: float) -> list[float]:
    """Label positions for sorted ``values``: as close to them as possible, at least ``gap``
    apart, kept between 0 and ``ceiling`` where there is room."""
    out: list[float] = []
    for v in values:
        out.append(max(v, out[-1] + gap) if out else max(v, gap * 0.4))
    overflow = out[-1] - ceiling * 0.95 if out else 0
    if overflow > 0:
        out = [max(y - overflow, gap * 0.4 + i * gap) for i, y in enumerate(out)]
    return out


# --- recommendations -------------------------------------------------------------------------

def recommendations_figure(summary: pd.DataFrame) -> plt.Figure:
    """One horizontal bar per organisation, split by the status of its recommendations,
    with the count in each part."""
    n = max(len(summary), 1)
    fig, ax = plt.subplots(figsize=(9, 0.6 * n + 1.7), layout="constrained")
    if summary.empty or summary.to_numpy().sum() == 0:
        _empty(ax, "No recommendation by this date")
        return fig
    y = np.arange(len(summary))[::-1]
    left = np.zeros(len(summary))
    for status in STATUS_ORDER:
        values = summary[status].to_numpy() if status in summary else np.zeros(len(summary))
        if not values.any():
            continue
        colour = STATUS_COLOURS[status]
        ax.barh(y, values, left=left, color=colour, edgecolor=INK if status == "not_yet_assessed" else "white",
                hatch="//" if status == "not_yet_assessed" else None, linewidth=0.6, height=0.62,
                label=STATUS_LABELS[status])
        for yi, v, lft in zip(y, values, left):
            if v:
                text_colour = "white" if status in ("not_met", "met") else INK
                ax.annotate(str(int(v)), (lft + v / 2, yi), ha="center", va="center", fontsize=9,
                            color=text_colour, fontweight="bold",
                            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"}
                            if status == "not_yet_assessed" else None)
        left = left + values
    ax.set_yticks(y, [textwrap.fill(o, 34) for o in summary.index], fontsize=8.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Recommendations")
    fig.suptitle("Recommendations to the Peruvian state and whether they were met", x=0.01, ha="left",
                 fontsize=11, fontweight="bold")
    legend_below(fig, ax)
    return fig
