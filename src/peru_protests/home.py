"""The home page's key findings, written by the build from the chapters' own glued
``home_findings`` (each analysis chapter glues a Markdown bullet list of its most important
findings, with their numbers and ``{numref}`` links).

Why not cross-notebook glue: myst-nb 1.4 resolves ``{glue:md}`` only within the same
document (``path::key`` is accepted by ``{glue}`` and ``{glue:text}`` alone, and then only
for ``text/plain``, ``text/html`` and images), so a Markdown finding with a ``{numref}``
link cannot be pasted into ``intro.md`` that way. Instead ``intro.md`` carries one MyST
comment line naming the chapters::

    % home-findings: chapters/timeline chapters/regional chapters/justice

and the build replaces it, in each edition, with the findings those executed chapters
glued in that language. A chapter that glued no ``home_findings`` is left out (and logged);
the line is never left on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from peru_protests import i18n
from peru_protests.i18n import _
from peru_protests.markup import GLUE_PREFIX, LANG_KEY, Md, md

KEY = "home_findings"
PLACEHOLDER = re.compile(r"^% home-findings:(?P<docs>[^\n]*)$", re.M)


def glued(notebook: Path, key: str = KEY, lang: str = i18n.DEFAULT) -> str | None:
    """The Markdown an executed notebook glued under ``key``, in ``lang`` (``None`` when it
    glued none, or none in that language)."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {})
            if meta.get("scrapbook", {}).get("name") != key:
                continue
            data = output.get("data", {})
            if lang != i18n.DEFAULT:
                data = {GLUE_PREFIX + k: v for k, v in meta.get(LANG_KEY, {}).get(lang, {}).items()}
            text = data.get(GLUE_PREFIX + "text/markdown")
            return "".join(text) if isinstance(text, list) else text
    return None


def _bullets(text: str) -> list[str]:
    """The bullets of a glued Markdown list, each on one line."""
    items: list[str] = []
    for line in text.strip().splitlines():
        if line.startswith("- "):
            items.append(line)
        elif line.strip() and items:  # a bullet continued on the next line
            items[-1] += " " + line.strip()
    return items


def findings_markdown(stage: Path, docnames: list[str], lang: str, as_of: str = "") -> tuple[Md, list[str]]:
    """The findings of the chapters ``docnames`` (in that order), each bullet followed by a
    link to its chapter, and a closing line with the data's latest date; and the chapters
    that glued no findings."""
    bullets, missing = [], []
    for doc in docnames:
        path = stage / f"{doc}.ipynb"
        text = glued(path, lang=lang) if path.exists() else None
        if not text:
            missing.append(doc)
            continue
        chapter = md("{{doc}}`/{doc}`", doc=Md(doc))
        for line in _bullets(text):
            if line.endswith(")."):  # "... (Figure 1.1)." -> "... (Figure 1.1; Timeline of the deaths)."
                bullets.append(Md(line[:-2]) + Md("; ") + chapter + Md(")."))
            else:
                bullets.append(Md(line) + Md(" (") + chapter + Md(")"))
    if not bullets:
        return Md(""), missing
    out = Md("\n").join(bullets)
    if as_of:
        out += md("\n\n" + _(lang, "*Figures from the book's data, whose latest date is {day}.*"),
                  day=i18n.day(lang, as_of))
    return out, missing


def fill(text: str, stage: Path, lang: str = i18n.DEFAULT, as_of: str = "") -> tuple[str, list[str]]:
    """``text`` (a home page's Markdown) with its ``% home-findings:`` line replaced by the
    findings; and the chapters named there that glued none."""
    missing: list[str] = []

    def replace(match: re.Match) -> str:
        block, lacking = findings_markdown(stage, match.group("docs").split(), lang, as_of)
        missing.extend(lacking)
        return str(block)

    return PLACEHOLDER.sub(replace, text), missing


def fill_file(path: Path, stage: Path, lang: str = i18n.DEFAULT, as_of: str = "") -> list[str]:
    """:func:`fill` on a staged page, in place; returns the chapters without findings."""
    text = path.read_text(encoding="utf-8")
    new, missing = fill(text, stage, lang, as_of)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return missing
