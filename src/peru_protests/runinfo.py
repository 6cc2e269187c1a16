"""What was built: the data, the parameters, the date, and whether the book is the
official one or a derived build. The build appends this to every chapter as the box
"How this chapter was run" and uses it in every cite block.

A build is *official* only when it reads the book's own ``data/`` folder with every
parameter at its default; any other data folder or any ``-p`` value makes a *derived
build*, which says so on every page and in every citation (with the data fingerprint,
the parameters and the build date) and carries no canonical link to the official book.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import pandas as pd

from peru_protests import i18n, markup
from peru_protests.i18n import _, p_
from peru_protests.markup import Md


@dataclass(frozen=True)
class BuildInfo:
    book_version: str
    data_version: str
    data_folder: str  # the folder's name (not its full path: that is private to the builder)
    fingerprint: str  # first 12 hex digits of the SHA-256 of the folder's content
    built: str  # YYYY-MM-DD (UTC; SOURCE_DATE_EPOCH when set, for reproducible builds)
    data_as_of: str  # the latest date in the data's event, death and investigation tables
    derived: bool
    overrides: dict = field(default_factory=dict)  # "chapter.name" -> value set with -p
    descriptor_shipped: bool = False


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return when.date().isoformat()


def data_as_of(tables: dict[str, pd.DataFrame], descriptor: dict) -> str:
    """The latest date in any date column, leaving out the sources table (its dates
    are when a document was published or read, not facts about the events)."""
    latest = None
    for res in descriptor.get("resources", []):
        if res["name"] == "sources" or res["name"] not in tables:
            continue
        for fld in res["schema"]["fields"]:
            if fld.get("type") == "date":
                value = tables[res["name"]][fld["name"]].max()
                if pd.notna(value) and (latest is None or value > latest):
                    latest = value
    return "" if latest is None else latest.date().isoformat()


def format_value(value, lang: str = "en") -> str:
    """A parameter's value as the box shows it (a range of two values reads "a to b")."""
    if value is None:
        return "None"
    if isinstance(value, list):
        return ", ".join(format_value(v, lang) if not isinstance(v, list)
                         else _(lang, "{first} to {last}").format(first=v[0], last=v[-1]) if len(v) == 2
                         else ", ".join(map(str, v)) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return str(value)


RESOLVED = "resolved_"  # glue key prefix: what a parameter left unset came to in the run


def resolved_values(nb) -> dict[str, object]:
    """The values a chapter worked out for parameters left at ``None``, as it glued them
    under ``resolved_<parameter>`` (plain text or JSON-like values)."""
    import ast

    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            name = output.get("metadata", {}).get("scrapbook", {}).get("name", "")
            text = output.get("data", {}).get(markup.GLUE_PREFIX + "text/plain")
            if name.startswith(RESOLVED) and text is not None:
                try:
                    found[name[len(RESOLVED):]] = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    found[name[len(RESOLVED):]] = text
    return found


def _date(lang: str, iso: str) -> str:
    """A build or data date written out in the language with Babel (``3 February 2027``,
    ``3 de febrero de 2027``); empty stays empty."""
    return i18n.day(lang, iso) if iso else iso


def derived_text(info: BuildInfo, lang: str = "en") -> Md:
    """One sentence for the banner and the cite blocks of a derived build."""
    if not info.derived:
        return Md("")
    params = markup.join((markup.md("{}={}", k, format_value(v)) for k, v in sorted(info.overrides.items())), "; ")
    return markup.md(_(lang, "Derived build, not the official book: data folder {folder} (data version {version}, "
                     "fingerprint {fp}){params}, built {built}."), folder=markup.code(info.data_folder),
                     version=info.data_version, fp=markup.code(info.fingerprint), built=_date(lang, info.built),
                     params=markup.md(_(lang, ", parameters {parameters}"), parameters=params) if info.overrides
                     else Md(""))


def how_run_markdown(chapter: str, used: dict, changed: set[str], helps: dict[str, str], info: BuildInfo,
                     lang: str = "en", resolved: dict | None = None) -> Md:
    """The box "How this chapter was run": every parameter with the value actually used
    (marked where it was set on the command line; a parameter left unset shows what the
    run worked it out to be, from ``resolved``), the data version, fingerprint and the
    date of the latest fact in the data, and the build date. ``helps`` are the
    parameters' explanations already in ``lang``."""
    resolved = resolved or {}
    rows = [Md("| " + _(lang, "Parameter") + " | " + _(lang, "Value used") + " | " + _(lang, "What it sets") + " |"),
            Md("| --- | --- | --- |")]
    for name, value in used.items():
        if name == "data_dir":
            continue
        mark = Md(" " + _(lang, "(set with `-p`)")) if name in changed else Md("")
        shown = format_value(value, lang)
        if value is None and name in resolved:
            shown = markup.md(_(lang, "{value} (not set: worked out from the data)"),
                              value=format_value(resolved[name], lang))
        rows.append(markup.md("| {} | {}{} | {} |", markup.code(name), shown, mark, helps.get(name, "")))
    data_line = markup.md(_(lang,
        "Data: version {version} of the data package in the folder {folder} (fingerprint {fp}){shipped}; "
        "the latest date in the data is {as_of}. Built on {built} with version {book} of the book."),
        version=info.data_version, folder=markup.code(info.data_folder), fp=markup.code(info.fingerprint),
        shipped=Md(_(lang, ", described by the descriptor shipped with the book")) if info.descriptor_shipped
        else Md(""), as_of=_date(lang, info.data_as_of) or p_(lang, "date", "unknown"), built=_date(lang, info.built),
        book=info.book_version)
    parts = [Md(":::{admonition} " + _(lang, "How this chapter was run") + "\n:class: note dropdown\n")]
    if len(rows) > 2:
        parts.append(Md("\n".join(rows)) + Md("\n"))
    else:
        parts.append(Md(_(lang, "This chapter has no parameters besides the data folder.") + "\n"))
    parts.append(data_line)
    if info.derived:
        parts.append(derived_text(info, lang))
    parts.append(Md(":::"))
    return Md("\n\n").join(parts)


def plain_derived(info: BuildInfo, lang: str = "en") -> str:
    """The derived-build label as plain text (for the page banner and the build log)."""
    if not info.derived:
        return ""
    params = "; ".join(f"{k}={format_value(v)}" for k, v in sorted(info.overrides.items()))
    text = _(lang, "Derived build, not the official book: data folder '{folder}' (data version {version}, "
             "fingerprint {fp}){params}, built {built}.")
    return markup.plain(text.format(folder=info.data_folder, version=info.data_version, fp=info.fingerprint,
                                    params=_(lang, ", parameters {parameters}").format(parameters=params)
                                    if params else "", built=_date(lang, info.built)))
