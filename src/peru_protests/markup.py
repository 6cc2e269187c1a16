"""Data is text: the one escaping layer between the data and everything the book renders.

Values from a data file (names, places, notes, titles, organisations, URLs) reach the
book in Markdown/MyST (tables, glued sentences, source lists), in figure labels and in
CSV downloads. Every such value passes through this module, so that no cell can become
markup, a role, a directive, a file reference or a spreadsheet formula:

* :func:`escape` makes any value literal MyST text: every ASCII punctuation character
  is backslash-escaped (CommonMark guarantees that any of them can be), and line breaks
  and other control characters become spaces, so a value can neither open a block nor
  close the table row, list item or sentence it sits in.
* :class:`Md` marks a string as trusted markup written by the book's code. Only ``Md``
  passes through :func:`render` untouched; anything else is escaped.
* :func:`md` fills a trusted template with values, escaping each value (like
  ``str.format``, format specs included): ``md("{place} on {day}", place=..., day=...)``.
* :func:`link` builds a link only for ``http``/``https`` addresses; any other address
  (``javascript:``, a relative path that Sphinx would copy into the site) is shown as
  text.
* :func:`csv_safe` neutralises spreadsheet formulas in the text cells of a download.
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote, urlsplit

import pandas as pd

# Every ASCII punctuation character: CommonMark lets each of them be backslash-escaped.
_PUNCTUATION = frozenset(string.punctuation)
CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")  # line breaks and other control characters
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Md(str):
    """Markup written by the book's code (never by a data file): rendered as is."""

    def __add__(self, other):
        return Md(str.__add__(self, render(other)))

    def __radd__(self, other):
        return Md(str.__add__(render(other), self))

    def join(self, items) -> "Md":  # noqa: D401 - same meaning as str.join
        return Md(str.join(self, (render(i) for i in items)))


def escape(value) -> Md:
    """``value`` as literal MyST text. Missing values become an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return Md("")
    text = CONTROL.sub(" ", str(value))
    return Md("".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text))


def render(value) -> Md:
    """Trusted markup as it is; anything else escaped."""
    return value if isinstance(value, Md) else escape(value)


class _Formatter(string.Formatter):
    def format_field(self, value, format_spec):
        if isinstance(value, Md):
            return value if not format_spec else format(str(value), format_spec)
        return escape(format(value, format_spec))


_FORMATTER = _Formatter()


def md(template: str, *args, **kwargs) -> Md:
    """Fill ``template`` (trusted markup) with escaped values."""
    return Md(_FORMATTER.format(template, *args, **kwargs))


def join(items, sep: str = ", ") -> Md:
    """Values joined by ``sep`` (trusted), each escaped unless it is already ``Md``."""
    return Md(sep).join(items)


def safe_url(url) -> str | None:
    """An absolute ``http``/``https`` address, percent-encoded so that it cannot close
    the Markdown link around it; ``None`` for anything else."""
    if not isinstance(url, str) or re.search(r"[\s\x00-\x1f\x7f]", url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe="/:?#&=%+@,;~!$*'.-_")  # no ( ) < > [ ] { } | \ ^ ` " or spaces


def link(text, url) -> Md:
    """``[text](url)`` for a web address; the text alone for anything else."""
    address = safe_url(url)
    label = render(text)
    return Md(f"[{label}]({address})") if address else label


def code(value) -> Md:
    """``value`` as an inline code span (a column name, a pattern): backticks inside it
    cannot close it, and a ``|`` cannot split the table cell it sits in."""
    text = plain(value).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot be read as a formula by a spreadsheet: a cell that
    starts with ``= + - @`` (or a tab or carriage return) gets a leading apostrophe, as
    OWASP recommends. Numbers, dates and missing values are left alone."""
    out = frame.copy()

    def fix(value):
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value

    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(fix)
    if out.index.dtype == object:
        out.index = out.index.map(fix)
    out.columns = [fix(c) if isinstance(c, str) else c for c in out.columns]
    return out


def plain(value) -> str:
    """Text for a place that is not Markdown (an alt text, a caption option, a figure
    label): one line, no control characters, no surrounding spaces."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return CONTROL.sub(" ", str(value)).strip()


# --- the only ways a chapter puts Markdown on the page or in a glued value -------------

def show(value) -> None:
    """Display ``value`` in the chapter as MyST: trusted ``Md`` as is, anything else as
    literal text. Chapters call this instead of ``display(Markdown(...))``. A
    :class:`~peru_protests.i18n.Both` shows its English value and carries the others."""
    from IPython.display import display

    bundle, metadata = _bundles(value, lambda v: {"text/markdown": render(v)})
    display(bundle, raw=True, metadata=metadata)


def glue_md(key: str, value) -> None:
    """Glue ``value`` for ``{glue:md}``: trusted ``Md`` as is, anything else escaped."""
    _glue(key, value, lambda v: {"text/markdown": render(v)})


def glue_value(key: str, value) -> None:
    """Glue a number, a string or a figure for ``{glue:text}`` / ``{glue:figure}``
    (rendered as plain text or an image, never parsed as markup)."""
    from IPython.core.formatters import format_display_data

    _glue(key, value, lambda v: format_display_data(v)[0])


GLUE_PREFIX = "application/papermill.record/"
LANG_KEY = "peru_protests.lang"


def _bundles(value, formatter) -> tuple[dict, dict]:
    """The English MIME bundle, and metadata holding the other languages' bundles."""
    from peru_protests import i18n

    if not isinstance(value, i18n.Both):
        return formatter(value), {}
    bundles = {lang: formatter(v) for lang, v in value.items()}
    return bundles[i18n.DEFAULT], {LANG_KEY: {lang: b for lang, b in bundles.items() if lang != i18n.DEFAULT}}


def _glue(key: str, value, formatter) -> None:
    # What myst_nb.glue(key, value, display=False) writes, with the other languages in the
    # same output's metadata.
    from IPython.display import display

    bundle, metadata = _bundles(value, formatter)
    metadata["scrapbook"] = {"name": key, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)
