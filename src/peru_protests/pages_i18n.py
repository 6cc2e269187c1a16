"""The static Markdown of the pages, translated block by block from page catalogues.

A page's Markdown (each Markdown cell of a chapter notebook, a ``.md`` page, the site
strings of ``_config.yml`` and ``_toc.yml``) is cut into *blocks*: blocks are separated
by blank lines, and a fenced block (```` ``` ```` or ``:::``) with everything inside it is
one block even if it contains blank lines. Each block is one catalogue entry in
``locale/<lang>/LC_MESSAGES/page-<name>.po``:

* ``msgctxt`` is the page's path in the repository (``chapters/timeline.ipynb``,
  ``intro.md``, ``_config.yml``),
* ``msgid`` is the block's exact text,
* ``msgstr`` is its translation (same glue roles, labels and directive names).

:func:`translate` puts the translation in place of each block and leaves the blank
lines between blocks as they were; a block with no translation stays in English and is
reported, so that the catalogue check (``python -m peru_protests catalog --check``)
names it.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from peru_protests import i18n

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,}|:{3,})")


def segments(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_block)``: the blocks and, between them, the blank
    lines that separate them, so that ``"".join(piece for piece, _ in segments(t)) == t``."""
    lines = text.splitlines(keepends=True)
    out: list[tuple[str, bool]] = []
    block: list[str] = []
    gap: list[str] = []
    fence: str | None = None  # the opening fence of the fenced block we are in

    def flush_block():
        if block:
            out.append(("".join(block), True))
            block.clear()

    def flush_gap():
        if gap:
            out.append(("".join(gap), False))
            gap.clear()

    for line in lines:
        if fence is not None:
            block.append(line)
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = None
            continue
        if not line.strip():
            flush_block()
            gap.append(line)
            continue
        flush_gap()
        match = _FENCE.match(line)
        if match:
            fence = match.group(1)
        block.append(line)
    flush_block()
    flush_gap()
    # a block's own text never ends with its line break: the break belongs to the gap
    fixed: list[tuple[str, bool]] = []
    for piece, is_block in out:
        if is_block and piece.endswith("\n"):
            body = piece.rstrip("\n")
            fixed.append((body, True))
            fixed.append((piece[len(body):], False))
        else:
            fixed.append((piece, is_block))
    merged: list[tuple[str, bool]] = []
    for piece, is_block in fixed:
        if merged and not is_block and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + piece, False)
        else:
            merged.append((piece, is_block))
    return merged


def blocks(text: str) -> list[str]:
    """The translatable blocks of ``text``, in order."""
    return [piece for piece, is_block in segments(text) if is_block]


def translate(text: str, context: str, catalog: Catalog | None, missing: list | None = None) -> str:
    """``text`` with each block replaced by its translation (``msgctxt`` = ``context``).
    Blocks without a translation stay as they are and are appended to ``missing``."""
    if catalog is None:
        return text
    out = []
    for piece, is_block in segments(text):
        if is_block:
            message = catalog.get(piece, context=context)
            if message is not None and message.string and not message.fuzzy:
                piece = message.string
            elif missing is not None:
                missing.append((context, piece))
        out.append(piece)
    return "".join(out)


def catalogue_name(page_path: str) -> str:
    """The catalogue file of a page: ``chapters/timeline.ipynb`` -> ``page-timeline.po``;
    the site files (``_config.yml``, ``_toc.yml``) share ``page-config.po``."""
    if page_path in ("_config.yml", "_toc.yml"):
        return "page-config.po"
    return f"page-{Path(page_path).stem}.po"


def page_catalogue(lang: str, locale_dir: Path | None = None) -> Catalog | None:
    """Every ``page-*.po`` of ``lang`` merged (``None`` for English)."""
    if i18n.check(lang) == i18n.DEFAULT:
        return None
    folder = Path(locale_dir or i18n.CATALOGUES) / lang / "LC_MESSAGES"
    merged = Catalog(locale=i18n.LOCALES[lang], domain="pages")
    for path in sorted(folder.glob("page-*.po")):
        with path.open("rb") as handle:
            part = read_po(handle, locale=i18n.LOCALES[lang])
        for message in part:
            if message.id and (merged.get(message.id, context=message.context) is None or message.string):
                merged[message.id] = message
    return merged


def lookup(catalog: Catalog | None, context: str, text: str) -> str:
    """One short site string (a title, a caption): its translation, else ``text``."""
    if catalog is None:
        return text
    message = catalog.get(text, context=context)
    return message.string if message is not None and message.string and not message.fuzzy else text
