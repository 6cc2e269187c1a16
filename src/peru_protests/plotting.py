"""The book's one plotting style and its figures.

Every chapter calls :func:`use_style` once; every figure function returns a
``matplotlib.figure.Figure`` and leaves showing or gluing it to the notebook.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from matplotlib.ticker import MaxNLocator

from peru_protests.timeline import GROUP_LABELS, GROUPS

# Colour-blind-safe (Okabe-Ito) colours, one per group, used in every chapter.
GROUP_COLOURS = {
    "civilians_clashes": "#D55E00",
    "security_forces": "#0072B2",
    "blockade": "#999999",
    "custody": "#CC79A7",
}
INK = "#222222"


def use_style() -> None:
    """Apply the book's style to matplotlib and seaborn (idempotent)."""
    sns.set_theme(context="notebook", style="ticks")
    plt.rcParams.update({
        "figure.dpi": 110,
        "savefig.dpi": 110,
        "figure.figsize": (6, 4.5),  # see peru_protests.figures: sized for a 375-px phone
        "font.size": 14,
        "axes.titlesize": 14,
        "axes.labelsize": 14,
        "xtick.labelsize": 14,
        "ytick.labelsize": 14,
        "legend.fontsize": 14,
        "figure.titlesize": 14,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": INK,
        "axes.labelcolor": INK,
        "text.color": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "legend.frameon": False,
        "svg.hashsalt": "peru-protests",  # stable ids in SVG output
        "svg.fonttype": "path",  # text as paths: the same glyphs wherever the SVG is opened
        "text.parse_math": False,  # data labels are text: a "$" never starts a formula
    })


def timeline_figure(daily: pd.DataFrame, events: pd.DataFrame | None = None) -> plt.Figure:
    """Two panels sharing the time axis: deaths per day stacked by group (top) and
    the running total by group (bottom). ``events`` (from
    :func:`peru_protests.timeline.key_events`) are drawn as numbered dotted lines."""
    fig, (top, bottom) = plt.subplots(
        2, 1, sharex=True, figsize=(9, 6.2), height_ratios=[1.2, 1], layout="constrained"
    )
    x = mdates.date2num(daily.index.to_pydatetime())
    base = None
    for group in GROUPS:
        values = daily[group].to_numpy()
        label = GROUP_LABELS[group] if values.sum() else None  # no legend entry for an empty group
        top.bar(x, values, width=0.9, bottom=base, color=GROUP_COLOURS[group], label=label, linewidth=0)
        base = values if base is None else base + values
    top.set_ylabel("Deaths per day")
    top.set_title("Deaths per day", pad=30)
    running = daily.cumsum()
    bottom.stackplot(x, *[running[g].to_numpy() for g in GROUPS],
                     colors=[GROUP_COLOURS[g] for g in GROUPS], step="post", linewidth=0)
    bottom.set_ylabel("Deaths to date")
    bottom.set_title("Cumulative deaths")
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    if events is not None and len(events):
        xs = [mdates.date2num(d.to_pydatetime()) for d in events["date_start"]]
        for ex in xs:
            for ax in (top, bottom):
                ax.axvline(ex, color=INK, linestyle=":", linewidth=0.8, zorder=0)
        # numbered labels above the top panel, stacked where events are close in time
        levels = label_levels(xs, min_gap=len(x) / 16)
        top.set_title("Deaths per day", pad=8 + 22 * (max(levels) + 1))
        for number, ex, level in zip(events["number"], xs, levels):
            top.annotate(str(number), (ex, 1), xycoords=("data", "axes fraction"),
                         xytext=(0, 3 + 22 * level), textcoords="offset points",
                         ha="center", va="bottom", fontsize=14, annotation_clip=False,
                         bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": INK, "lw": 0.6})
    date_axis(bottom)
    bottom.set_xlim(x[0] - 1, x[-1] + 1)
    legend_below(fig, top, [h for ax in (top,) for h in ax.get_legend_handles_labels()[0]])
    return fig


def label_levels(positions: list[float], min_gap: float) -> list[int]:
    """Stacking level for each label (0 = lowest) so that labels on the same level are
    at least ``min_gap`` apart; ``positions`` must be sorted."""
    last: list[float] = []  # last position used on each level
    levels = []
    for pos in positions:
        for level, prev in enumerate(last):
            if pos - prev >= min_gap:
                last[level] = pos
                levels.append(level)
                break
        else:
            last.append(pos)
            levels.append(len(last) - 1)
    return levels


def counts_over_time_figure(counts: pd.DataFrame, highlight: str = "Defensoría del Pueblo") -> plt.Figure:
    """Each organisation's published death totals against the date they refer to: the
    ``highlight`` organisation as a step line, the others as labelled markers."""
    fig, ax = plt.subplots(figsize=(9, 5), layout="constrained")
    main = counts[counts["organisation"] == highlight].sort_values("as_of")
    ax.step(main["as_of"], main["total"], where="post", color=INK, linewidth=1.6, label=highlight)
    ax.scatter(main["as_of"], main["total"], color=INK, s=12, zorder=3)
    others = counts[counts["organisation"] != highlight]
    markers = ["o", "s", "D", "^", "v", "P", "X", "*"]
    palette = sns.color_palette("colorblind", n_colors=max(1, others["organisation"].nunique()))
    for i, (org, group) in enumerate(others.groupby("organisation", sort=True)):
        ax.scatter(group["as_of"], group["total"], marker=markers[i % len(markers)], s=42,
                   color=palette[i], label=org, zorder=4, edgecolor="white", linewidth=0.5)
    ax.set_ylabel("Deaths reported")
    ax.set_title("Published death totals by the date they refer to")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    date_axis(ax)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def combinations_figure(combos: pd.Series, labels: dict[str, str]) -> plt.Figure:
    """UpSet-style chart: bars count the deaths documented by each combination of
    source kinds; the dot matrix below shows which kinds make up the combination."""
    kinds = [k for k in labels if any(k in c for c in combos.index)]
    fig, (bars, dots) = plt.subplots(2, 1, figsize=(6, 2.6 + 0.75 * len(kinds)), sharex=True,
                                     height_ratios=[2.2, 0.75 * len(kinds) + 0.3], layout="constrained")
    x = range(len(combos))
    bars.bar(x, combos.to_numpy(), color=GROUP_COLOURS["civilians_clashes"], width=0.7)
    for xi, value in zip(x, combos.to_numpy()):
        bars.annotate(str(value), (xi, value), xytext=(0, 2), textcoords="offset points",
                      ha="center", va="bottom", fontsize=8)
    bars.set_ylabel("Deaths")
    bars.set_title("Which kinds of source document each death")
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    for xi, combo in zip(x, combos.index):
        ys = [kinds.index(k) for k in combo]
        dots.scatter([xi] * len(kinds), range(len(kinds)), color="#DDDDDD", s=36, zorder=1)
        dots.scatter([xi] * len(ys), ys, color=INK, s=36, zorder=2)
        if len(ys) > 1:
            dots.plot([xi, xi], [min(ys), max(ys)], color=INK, linewidth=1.2, zorder=1)
    dots.set_yticks(range(len(kinds)), [labels[k] for k in kinds])
    dots.set_ylim(-0.6, len(kinds) - 0.4)
    dots.invert_yaxis()
    dots.set_xticks([])
    for side in ("left", "bottom"):
        dots.spines[side].set_visible(False)
    dots.tick_params(left=False)
    return fig


def date_axis(ax) -> None:
    """Concise date ticks (the book's one date-axis format)."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def department_week_figure(table: pd.DataFrame) -> plt.Figure:
    """Heat map of deaths per department (rows) and week (columns); empty weeks blank."""
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(table) + 1.6), layout="constrained")
    labels = [w.strftime("%d %b") for w in table.columns]
    data = table.to_numpy()
    sns.heatmap(data, ax=ax, cmap="Oranges", mask=data == 0, annot=True, fmt="d", cbar=False,
                linewidths=0.5, linecolor="#EEEEEE", annot_kws={"fontsize": 8},
                xticklabels=labels, yticklabels=list(table.index), vmin=0)
    ax.set_xlabel("Week starting")
    ax.set_ylabel("")
    ax.set_title("Deaths by department and week of the lethal event")
    ax.tick_params(axis="x", labelrotation=90, labelsize=8)
    return fig


SOURCE_MARKERS = {"sutran": "o", "blog": "^", "press": "s", "ombudsman": "D", "police": "v",
                  "interior_ministry": "P", "health_ministry": "X"}


def activity_figure(blockades: pd.DataFrame, deaths_per_day: pd.Series, waves: pd.DataFrame,
                    start: str, end: str) -> plt.Figure:
    """Top: national road-blockade figures as reported, one marker per figure, shaped by
    counting source, hollow when reported as a lower bound, never joined across days
    (days without a figure stay empty). Bottom: deaths per day. Waves are shaded."""
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(9, 5.6), height_ratios=[1.3, 1],
                                      layout="constrained")
    for source, group in blockades.groupby("counting_source", sort=True):
        marker = SOURCE_MARKERS.get(source, "o")
        exact = group[group["qualifier"] != "at_least"]
        lower = group[group["qualifier"] == "at_least"]
        if len(exact):
            top.scatter(exact["date"], exact["value"], marker=marker, s=22, color=INK, label=source)
        if len(lower):
            top.scatter(lower["date"], lower["value"], marker=marker, s=22, facecolor="white", edgecolor=INK,
                        label=f"{source} (at least)")
    top.set_ylabel("Road blockades reported")
    top.set_title("Road blockades reported nationally, by counting source")
    top.legend(fontsize=8, ncols=2, loc="upper right")
    top.set_ylim(bottom=0)
    bottom.bar(deaths_per_day.index, deaths_per_day.to_numpy(), width=0.9,
               color=GROUP_COLOURS["civilians_clashes"], linewidth=0)
    bottom.set_ylabel("Deaths")
    bottom.set_title("Deaths by day of the lethal event")
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in (top, bottom):
        for _, w in waves.iterrows():
            ax.axvspan(w["start"] - pd.Timedelta(hours=12), w["end"] + pd.Timedelta(hours=12),
                       color="#F2E3C9", zorder=0, linewidth=0)
    for _, w in waves.iterrows():
        top.annotate(f"Wave {w['wave']}", (w["start"], 1), xycoords=("data", "axes fraction"),
                     xytext=(2, -12), textcoords="offset points", fontsize=8)
    bottom.set_xlim(pd.Timestamp(start) - pd.Timedelta(days=1), pd.Timestamp(end) + pd.Timedelta(days=1))
    date_axis(bottom)
    return fig


def emergency_figure(periods: pd.DataFrame, deaths: pd.DataFrame, inside: pd.Series,
                     departments: pd.DataFrame, start: str, end: str) -> plt.Figure:
    """One lane per department with deaths (most deaths first): shaded states of
    emergency and curfews, and each death at its date of injury, filled when it happened
    under one, hollow when not."""
    names = departments.set_index("department_code")["name"]
    codes = list(deaths["department_code"].dropna().value_counts().index)
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(codes) + 1.6), layout="constrained")
    window = (pd.Timestamp(start), pd.Timestamp(end))
    for y, code in enumerate(codes):
        for _, p in periods[periods["department_code"] == code].iterrows():
            if p["end"] < window[0] or p["start"] > window[1]:
                continue
            ax.barh(y, (p["end"] - p["start"]).days + 1, left=p["start"] - pd.Timedelta(hours=12), height=0.6,
                    color="#BBBBBB", alpha=0.45, linewidth=0)
        here = deaths[deaths["department_code"] == code]
        for flag, face in ((True, GROUP_COLOURS["civilians_clashes"]), (False, "white")):
            pick = here[inside.reindex(here["death_id"]).fillna(False).to_numpy() == flag]
            counts = pick.groupby("date_of_injury").size()
            ax.scatter(counts.index, [y] * len(counts), s=_area(counts.to_numpy()), facecolor=face,
                       edgecolor=GROUP_COLOURS["civilians_clashes"], linewidth=1.1, zorder=3)
    ax.set_yticks(range(len(codes)), [names.get(c, c) for c in codes])
    ax.invert_yaxis()
    ax.set_xlim(window[0] - pd.Timedelta(days=1), window[1] + pd.Timedelta(days=1))
    ax.set_title("States of emergency and curfews, and deaths")
    date_axis(ax)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    most = int(deaths.groupby(["department_code", "date_of_injury"]).size().max()) if len(deaths) else 1
    sizes = sorted({1, max(1, most // 2), most})
    colour = GROUP_COLOURS["civilians_clashes"]
    handles = [Patch(color="#BBBBBB", alpha=0.45, label="State of emergency or curfew"),
               Patch(color="#BBBBBB", alpha=0.7, label="Darker: two declarations overlap"),
               Line2D([], [], marker="o", linestyle="", color=colour, label="Deaths under an emergency"),
               Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color=colour,
                      label="Deaths outside one")]
    handles += [Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color=INK,
                       markersize=float(np.sqrt(_area(np.array([n]))[0])),
                       label=f"{n} death" + ("s" if n != 1 else "") + " on a day") for n in sizes]
    legend_below(fig, ax, handles)
    return fig


def legend_below(fig: plt.Figure, ax, handles=None) -> None:
    """The legend in its own strip under ``ax`` (one entry a line, the width of the
    figure): long labels at a phone's text size need the room."""
    from matplotlib.gridspec import GridSpec

    handles = handles if handles is not None else ax.get_legend_handles_labels()[0]
    if not handles:
        return
    if ax.get_legend() is not None:  # one legend: the strip replaces the one inside the plot
        ax.get_legend().remove()
    width, height = fig.get_size_inches()
    extra = 0.33 * len(handles) + 0.2
    fig.set_size_inches(width, height + extra)
    axes = fig.axes
    grid = GridSpec(len(axes) + 1, 1, figure=fig,
                    height_ratios=[a.get_position().height * height for a in axes] + [extra])
    for i, a in enumerate(axes):
        a.set_subplotspec(grid[i])
    strip = fig.add_subplot(grid[len(axes)])
    strip.axis("off")
    strip.legend(handles=handles, loc="upper left", ncols=1, borderaxespad=0, mode=None)


def _area(counts: np.ndarray) -> np.ndarray:
    """Marker area (points²) for a number of deaths on one day in one department."""
    return 18 + 14 * counts


EVENT_LANES = {"political": "Political", "protest": "Protest", "detention": "Detentions",
               "oversight": "International oversight", "justice": "Justice"}


def event_lanes_figure(events: pd.DataFrame, start: str, end: str) -> plt.Figure:
    """Numbered events in one lane per kind (numbers refer to the events table)."""
    lanes = [k for k in EVENT_LANES if (events["kind"] == k).any()]
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(lanes) + 1.4), layout="constrained")
    for _, ev in events.iterrows():
        y = lanes.index(ev["kind"])
        ax.scatter(ev["date_start"], y, s=90, color="white", edgecolor=INK, zorder=3)
        ax.annotate(str(ev["number"]), (ev["date_start"], y), ha="center", va="center", fontsize=6.5, zorder=4)
    ax.set_yticks(range(len(lanes)), [EVENT_LANES[k] for k in lanes])
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    ax.set_xlim(pd.Timestamp(start) - pd.Timedelta(days=2), pd.Timestamp(end) + pd.Timedelta(days=2))
    ax.grid(axis="y", color="#EEEEEE")
    ax.set_title("Events by kind")
    date_axis(ax)
    return fig


def official_count_figure(reports: pd.DataFrame, cumulative: pd.Series, lag: pd.DataFrame,
                          organisation: str) -> plt.Figure:
    """Top: the running total as ``organisation`` reported it against the cumulative
    deaths of the table by date of death. Bottom: for each death, days until a report
    first included it."""
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(9, 5.8), height_ratios=[1.4, 1],
                                      layout="constrained")
    top.step(cumulative.index, cumulative.to_numpy(), where="post", color=GROUP_COLOURS["civilians_clashes"],
             linewidth=1.6, label="Deaths in the data, by date of death")
    top.step(reports["as_of"], reports["total"], where="post", color=INK, linewidth=1.2,
             label=f"Running total reported by the {organisation}")
    top.scatter(reports["as_of"], reports["total"], color=INK, s=10, zorder=3)
    top.set_ylabel("Deaths")
    top.set_title("The official count against the dates of death")
    top.legend(fontsize=8, loc="lower right")
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    dated = lag.dropna(subset=["lag_days"])
    bottom.scatter(dated["date_of_death"], dated["lag_days"].astype(int), s=14, color=INK)
    bottom.set_ylabel("Days")
    bottom.set_title("Days from each death to the first report that included it")
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.set_ylim(bottom=-1)
    date_axis(bottom)
    return fig
