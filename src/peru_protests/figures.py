"""Figures that travel: each figure is written as an SVG (shown in the page) and a
high-resolution PNG, sized so that no text is smaller than 11 CSS px on a 375-px phone,
with a credit line inside the image (who published the data plotted, the book, the
licence), and shown by a ``{figure}`` block written by code, with an alt text that states
the finding, the caption and the downloads (SVG, PNG, CSV and its metadata).

A chapter calls, once for both languages::

    markup.show(i18n.both(figures.block, plotting.timeline_figure, daily, key,
                          name="fig-timeline-deaths", dataset=ds, rows=deaths, data=daily,
                          caption=figure_text.caption_timeline, alt=figure_text.alt_timeline, ...))

The directive carries ``:name:``, so ``{numref}`` in the prose and Sphinx's numbering work
as for any figure.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import textwrap
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.text import Text

from peru_protests import downloads, i18n
from peru_protests.i18n import _, n_
from peru_protests.markup import Md, md, plain

WIDTH_IN = 6.0  # every figure is this wide: 432 pt
MIN_PT = 14.0  # smallest text in a figure, in points (at 432 pt wide)
COLUMN_PX = 343  # the book's text column on a 375-px phone
MIN_CSS_PX = 11.0
PNG_DPI = 200
PAD_IN = 0.12  # white margin around the cropped image  # 1,200 px wide
CREDIT_COLOUR = "#555555"
CREDIT_NAMED = 3  # publishers named in a credit line; the others are counted
KIND_ORDER = ("official", "intergovernmental", "ngo", "agency", "national_press", "regional_press")
CHAR_WIDTH = 0.62  # average glyph width of DejaVu Sans, in ems, with a margin (for wrapping)


# --- the credit line -----------------------------------------------------------------

def publishers(dataset, rows: pd.DataFrame | None) -> list[str]:
    """The publishers of the sources cited by ``rows`` (the rows actually plotted): the
    state, intergovernmental bodies, human-rights organisations and news agencies first,
    then the press, then other sources (blogs, reference data); within each, the most
    cited first, ties in the reader's alphabetical order (accents ignored)."""
    from peru_protests.validate import split_list

    if rows is None or "source_ids" not in getattr(rows, "columns", []):
        return []
    table = dataset.sources.set_index("source_id")
    counts: dict[str, int] = {}
    rank: dict[str, int] = {}
    for cell in rows["source_ids"]:
        for sid in split_list(cell):
            if sid not in table.index:
                continue
            org, kind = table.at[sid, "organisation"], table.at[sid, "kind"]
            rank[org] = min(rank.get(org, len(KIND_ORDER)), KIND_ORDER.index(kind) if kind in KIND_ORDER
                            else len(KIND_ORDER))
        for org in dict.fromkeys(table["organisation"].get(s) for s in split_list(cell)):
            if isinstance(org, str):
                counts[org] = counts.get(org, 0) + 1
    key = i18n.sort_key("es")
    return sorted(counts, key=lambda org: (rank[org], -counts[org], key(org)))


def credit(dataset, rows: pd.DataFrame | None, lang: str = "en", extra: list[str] | None = None) -> str:
    """``Data: A, B, C and 4 other publishers. Chart: <book>, CC BY 4.0.`` (plain text)."""
    from peru_protests.cite import book_meta

    names = list(dict.fromkeys(publishers(dataset, rows) + list(extra or [])))
    licence = downloads.licence_text(dataset.descriptor)
    book = book_meta().title
    if not names:
        head = _(lang, "Data: compiled by the book.")
    elif len(names) <= CREDIT_NAMED + 1:
        head = _(lang, "Data: {publishers}.").format(publishers=i18n.listing(lang, names))
    else:
        rest = len(names) - CREDIT_NAMED
        others = n_(lang, "{n} other publisher", "{n} other publishers", rest).format(n=i18n.number(lang, rest))
        head = _(lang, "Data: {publishers}.").format(publishers=i18n.listing(lang, names[:CREDIT_NAMED] + [others]))
    tail = _(lang, "Chart: {book}, {licence}.").format(book=book, licence=licence) if licence else \
        _(lang, "Chart: {book}.").format(book=book)
    return plain(f"{head} {tail}")


# --- making a figure legible on a phone ------------------------------------------------

def wrap(text: str, width_pt: float, size_pt: float) -> str:
    """``text`` broken into lines that fit ``width_pt`` at ``size_pt`` (estimated)."""
    chars = max(12, int(width_pt / (CHAR_WIDTH * size_pt)))
    return "\n".join(textwrap.fill(line, chars) for line in text.split("\n"))


FIGURE_CONTEXT = "figure"


def translate(text: str, lang: str) -> str:
    """A label drawn by a plotting function, in ``lang``: looked up (context ``figure``)
    line by line in the catalogue; text without an entry (numbers, names) stays as it is."""
    if lang == i18n.DEFAULT or not text:
        return text
    whole = i18n.p_(lang, FIGURE_CONTEXT, text.replace("\n", " "))
    if whole != text.replace("\n", " "):
        return whole
    return "\n".join(_translate_line(line, lang) for line in text.split("\n"))


def _translate_line(line: str, lang: str) -> str:
    found = i18n.p_(lang, FIGURE_CONTEXT, line)
    if found != line:
        return found
    counted = re.fullmatch(r"(\d[\d,.]*) (.+)", line)  # "9 deaths on a day", "47 waiting"
    if counted:
        rest = i18n.p_(lang, FIGURE_CONTEXT, counted.group(2))
        return f"{counted.group(1)} {rest}" if rest != counted.group(2) else line
    if len(line.split(" ")) > 2:
        return line
    # a short label such as "Wave 2" or "05 Dec": word by word
    return " ".join(i18n.p_(lang, FIGURE_CONTEXT, word) for word in line.split(" "))


def translate_figure(fig: plt.Figure, lang: str) -> None:
    """Every title, axis label, legend entry, category label and annotation of ``fig`` in
    ``lang`` (see :func:`translate`); date axes get the language's month names."""
    if lang == i18n.DEFAULT:
        return
    from matplotlib.ticker import FixedLocator

    fig.canvas.draw()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_locator(), FixedLocator):
                locs = list(axis.get_ticklocs())
                labels = [t.get_text() for t in axis.get_ticklabels()]
                if len(labels) == len(locs) and any(labels):
                    axis.set_ticks(locs, [translate(t, lang) for t in labels])
            if isinstance(axis.get_major_formatter(), mdates.ConciseDateFormatter):
                axis.set_major_formatter(DateFormatter(lang))
    tick_texts = {id(t) for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()}
    for text in fig.findobj(Text):
        if id(text) not in tick_texts and text.get_text():
            text.set_text(translate(text.get_text(), lang))


class DateFormatter(mdates.ticker.Formatter):
    """Tick labels of a date axis in the language (Babel): the month's abbreviation, with
    the year at January and at the first tick."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, x, pos=None):
        from babel import dates as babel_dates

        day = mdates.num2date(x).date()
        month = babel_dates.format_date(day, "LLL", locale=i18n.locale(self.lang)).rstrip(".")
        return f"{month}\n{day.year}" if day.month == 1 or pos == 0 else month


def fit(fig: plt.Figure, credit_text: str = "", lang: str = "en") -> plt.Figure:
    """Put ``fig`` in ``lang`` (:func:`translate_figure`), resize it to the book's width,
    raise every text to at least :data:`MIN_PT`, wrap titles to the width, and add the
    credit line at the bottom."""
    translate_figure(fig, lang)
    width, height = fig.get_size_inches()
    fig.set_size_inches(WIDTH_IN, max(3.0, height * 1.15))
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    width_pt = WIDTH_IN * 72
    if fig._suptitle is not None and fig._suptitle.get_text():
        fig._suptitle.set_fontsize(max(fig._suptitle.get_fontsize(), MIN_PT))
        fig._suptitle.set_text(wrap(fig._suptitle.get_text().replace("\n", " "), width_pt * 0.9, MIN_PT))
    for ax in fig.axes:
        ax.tick_params(axis="both", which="both", labelsize=MIN_PT)
        for offset in (ax.xaxis.offsetText, ax.yaxis.offsetText):
            offset.set_fontsize(max(offset.get_fontsize(), MIN_PT))
        for title in (ax.title, ax._left_title, ax._right_title):  # set_title(loc=...) uses all three
            if title.get_text():
                title.set_fontsize(max(title.get_fontsize(), MIN_PT))
                title.set_text(wrap(title.get_text().replace("\n", " "), width_pt * 0.6, title.get_fontsize()))
        for label in (ax.xaxis.label, ax.yaxis.label):
            if label.get_text():
                label.set_fontsize(max(label.get_fontsize(), MIN_PT))
                long = ax.get_position().width * width_pt if label is ax.xaxis.label else 0.9 * height * 72
                label.set_text(wrap(label.get_text().replace("\n", " "), long, label.get_fontsize()))
    for text in fig.findobj(Text):
        if text.get_text() and text.get_fontsize() < MIN_PT:
            text.set_fontsize(MIN_PT)
    _wrap_labels(fig, width_pt)
    if credit_text:
        # Below everything the layout placed (an outside legend included): the saved image
        # is cropped to its content (``bbox_inches="tight"``), which takes the line in.
        fig.canvas.draw()
        lowest = min(fig.get_tightbbox().y0, 0) - 0.08  # inches; an outside legend may reach below 0
        fig.text(0.01, lowest / fig.get_size_inches()[1], wrap(credit_text, width_pt * 0.96, MIN_PT), ha="left", va="top",
                 fontsize=MIN_PT, color=CREDIT_COLOUR, linespacing=1.25, gid="credit")
    for _attempt in range(8):  # labels that stick out widen the cropped image: narrow the figure
        fig.canvas.draw()
        extra = fig.get_tightbbox().width + 2 * PAD_IN - WIDTH_IN
        if extra <= 0.005 or fig.get_size_inches()[0] - extra < 0.75 * WIDTH_IN:
            break
        fig.set_size_inches(fig.get_size_inches()[0] - extra, fig.get_size_inches()[1])
    return fig


def _wrap_labels(fig: plt.Figure, width_pt: float) -> None:
    """Break long category labels (on a categorical axis) and legend entries into lines,
    so that at :data:`MIN_PT` they leave room for the plot."""
    from matplotlib.ticker import FixedLocator

    fig.canvas.draw()
    for ax in fig.axes:
        for axis, share in ((ax.yaxis, 0.45), (ax.xaxis, 0.3)):
            if not isinstance(axis.get_major_locator(), FixedLocator):
                continue  # numbers and dates: short already
            locs = list(axis.get_ticklocs())
            labels = [t.get_text() for t in axis.get_ticklabels()]
            if len(labels) == len(locs) and any(labels):
                axis.set_ticks(locs, [wrap(t, width_pt * share, MIN_PT) for t in labels])
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)
    for legend in legends:
        for text in legend.get_texts():
            text.set_text(wrap(text.get_text(), width_pt * 0.6, MIN_PT))


# --- files -------------------------------------------------------------------------------

SVG_RC = {"svg.fonttype": "path", "svg.hashsalt": "peru-protests", "svg.id": None}


def save(fig: plt.Figure, stem: Path) -> tuple[Path, Path]:
    """Write ``<stem>.svg`` and ``<stem>.png``; the same figure always gives the same
    bytes (no dates in the metadata, fixed SVG ids, text drawn as paths so that it looks
    the same wherever it is opened)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    svg, png = stem.parent / f"{stem.name}.svg", stem.parent / f"{stem.name}.png"
    with plt.rc_context({k: v for k, v in SVG_RC.items() if v is not None}):
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight",
                    pad_inches=PAD_IN)
        fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None}, bbox_inches="tight",
                    pad_inches=PAD_IN)
    svg.write_text(stable_clip_ids(svg.read_text(encoding="utf-8")), encoding="utf-8")
    return svg, png


_CLIP = re.compile(r'<clipPath id="(p[0-9a-f]{10})">(.*?)</clipPath>', re.S)


def stable_clip_ids(svg: str) -> str:
    """Name each clip path after what the SVG says of it (its rounded rectangle or path)
    and its place among identical ones, instead of matplotlib's hash of the unrounded clip
    box: the constrained layout's solver may move an axes by rounding noise from one run
    to the next, which changes no drawn coordinate but would change every clip id."""
    seen: dict[str, int] = {}
    names: dict[str, str] = {}
    for old, body in _CLIP.findall(svg):
        seen[body] = seen.get(body, 0) + 1
        names[old] = "p" + hashlib.sha256(f"{body}#{seen[body]}".encode()).hexdigest()[:10]
    if not names:
        return svg
    return re.sub(r"\bp[0-9a-f]{10}\b", lambda m: names.get(m.group(0), m.group(0)), svg)


_SIZE = re.compile(r'<svg[^>]*\swidth="([\d.]+)pt"')
_GLYPH_SCALE = re.compile(r"scale\(([\d.]+) -([\d.]+)\)")


def font_sizes_pt(svg: str) -> list[float]:
    """The size, in points, of every piece of text in an SVG written by :func:`save`
    (matplotlib draws a glyph run as paths scaled by size / 100: ``scale(s -s)``)."""
    return [float(a) * 100 for a, b in _GLYPH_SCALE.findall(svg) if a == b]


def svg_texts(svg: str) -> str:
    """Every text of an SVG written by :func:`save` (matplotlib keeps each drawn line in a
    comment), joined by spaces: what a search engine or a test can read of the image."""
    return " ".join(re.findall(r"<!-- (.*?) -->", svg))


def min_font_css_px(svg: str, column_px: float = COLUMN_PX) -> float:
    """The smallest text of the SVG in CSS px when it is shown in a column ``column_px``
    wide (scaled down to the column when wider; 1 pt = 4/3 px)."""
    width_pt = float(_SIZE.search(svg).group(1))
    shown = min(column_px, width_pt * 4 / 3)
    sizes = font_sizes_pt(svg)
    if not sizes:
        raise ValueError("no text found in the SVG")
    return min(sizes) * 4 / 3 * shown / (width_pt * 4 / 3)


# --- the block in the page ------------------------------------------------------------

def _call(function, args, kwargs, lang):
    if function is None:
        return None
    if callable(function):
        params = inspect.signature(function).parameters
        return function(*args, lang=lang, **kwargs) if "lang" in params else function(*args, **kwargs)
    if isinstance(function, i18n.Both):
        return function[lang]
    return function


def block(draw, *args, name: str, dataset, rows: pd.DataFrame | None, data: pd.DataFrame, caption, alt,
          title, folder: str = "downloads", index: bool = False, lang: str = "en", credit_extra=None,
          **kwargs) -> Md:
    """Draw the figure in ``lang`` (``draw(*args, lang=lang, **kwargs)``, or without
    ``lang`` for a figure not yet translated), fit it for a phone with its credit line,
    write ``<folder>/<name>.<lang>.svg/.png``, the CSV of ``data`` and its metadata, and
    return the ``{figure}`` directive with ``:name:``, ``:alt:``, the caption and the
    download line. ``caption``/``alt``/``title`` are text, a :class:`~i18n.Both`, or
    functions of ``lang``."""
    if not re.fullmatch(r"fig-[a-z0-9-]+", name):
        raise ValueError(f"figure name {name!r}: use 'fig-' and lowercase letters, digits and '-'")
    folder_path = Path(folder)
    fig = _call(draw, args, kwargs, lang)
    fit(fig, credit(dataset, rows, lang, credit_extra), lang)
    svg, png = save(fig, folder_path / f"{name}.{lang}")
    plt.close(fig)
    smallest = min_font_css_px(svg.read_text(encoding="utf-8"))
    if smallest < MIN_CSS_PX:  # labels that stick out (long data values): say so, do not fail the book
        import warnings

        warnings.warn(f"{svg}: text of {smallest:.1f} CSS px on a {COLUMN_PX}-px column (at least "
                      f"{MIN_CSS_PX:g} wanted)", stacklevel=2)
    title_text = _call(title, (), {}, lang)
    caption_md = _call(caption, (), {}, lang)
    alt_text = plain(_call(alt, (), {}, lang))
    from peru_protests.cite import book_meta

    meta = book_meta()
    citation = _(lang, "{authors} ({year}). “{title}”, in {book}, version {version}.").format(
        authors="; ".join(meta.authors), year=meta.year, title=title_text, book=meta.title, version=meta.version)
    base = name  # the figure's label: fig-timeline-deaths.csv, .json
    frame = data.reset_index() if index else data
    side_meta = downloads.sidecar(base, title_text, plain(caption_md), dataset, rows, citation,
                                  list(downloads.for_download(frame).columns), lang)
    csv, side = downloads.write(data, base, folder_path, index=index, meta=side_meta, lang=lang)
    files = [(_(lang, "chart (SVG)"), svg), (_(lang, "chart (PNG, high resolution)"), png),
             (_(lang, "data (CSV)"), csv), (_(lang, "metadata (JSON)"), side)]
    directive = Md("\n").join([
        Md(f"```{{figure}} {svg.as_posix()}"), Md(f":name: {name}"), Md(f":alt: {alt_text}"),
        Md(""), caption_md if isinstance(caption_md, Md) else md("{}", caption_md), Md("```")])
    return directive + Md("\n\n") + downloads.link_line(files, lang)
