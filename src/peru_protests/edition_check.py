"""Checks that an edition in another language is complete, on the built HTML and on the
executed chapters (the completeness tests of the Spanish edition use these):

* :func:`numbers` — the numbers in a page's main text, read with the page's locale
  (Babel), so that ``1,234.5`` / ``81.6%`` and ``81,6 %`` / ``15 de diciembre de 2022``
  compare as the same numbers;
* :func:`english_sentences` — sentences of a page's running text (outside code, data
  cells and links) that read as English;
* :func:`switch_links` — the language switch's links of a built page;
* :func:`untranslated_glue` — glued values used on a page whose Spanish value is missing.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from babel import numbers as babel_numbers

from peru_protests import i18n

ENGLISH_WORDS = frozenset("the of and with were was which that this from are is their been would by these "
                          "there who what when where than into only per between each".split())

_SKIP = {"pre", "code", "script", "style", "td", "a", "nav", "kbd", "samp", "svg", "math"}


class _MainText(HTMLParser):
    """The text of the article (``<article class="bd-article">``, else ``<main>``),
    without the tags in ``skip``."""

    def __init__(self, skip: set[str]):
        super().__init__(convert_charrefs=True)
        self.skip, self.depth_article, self.skipping, self.parts = skip, 0, 0, []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if self.depth_article:
            self.depth_article += tag not in _VOID
        elif tag == "article" and "bd-article" in classes.split():
            self.depth_article = 1
        if self.depth_article and (tag in self.skip or "language-switch" in classes.split()) and tag not in _VOID:
            self.skipping += 1
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.depth_article:
            if self.skipping and tag in self.skip | {"nav"}:
                self.skipping -= 1
            self.depth_article -= 1
            self.parts.append(" " if tag not in ("em", "strong", "span", "b", "i") else "")

    def handle_startendtag(self, tag, attrs):  # <img/>, <br/>: no text, no depth
        pass

    def handle_data(self, data):
        if self.depth_article and not self.skipping:
            self.parts.append(data)


_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "param",
         "track"}


def main_text(html: str, skip: set[str] = frozenset({"script", "style"})) -> str:
    parser = _MainText(set(skip))
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def _number_pattern(lang: str) -> re.Pattern:
    loc = i18n.locale(lang)
    group = re.escape(babel_numbers.get_group_symbol(loc))
    decimal = re.escape(babel_numbers.get_decimal_symbol(loc))
    return re.compile(rf"(?<![\w.,])\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?(?!\w)|(?<![\w])\d+(?:{decimal}\d+)?(?!\w)")


def numbers(text: str, lang: str) -> Counter:
    """The numbers in ``text`` as written in ``lang``, as a multiset of values."""
    loc = i18n.locale(lang)
    found = Counter()
    for token in _number_pattern(lang).findall(text.replace("\u00a0", " ").replace("\u202f", " ")):
        try:
            found[babel_numbers.parse_decimal(token, locale=loc, strict=False)] += 1
        except babel_numbers.NumberFormatError:
            found[token] += 1
    return found


def page_numbers(path: Path, lang: str) -> Counter:
    # no cite block on the comparison: its dates are written out in Spanish, not in English
    html = path.read_text(encoding="utf-8")
    html = re.split(r'<section[^>]*id="(?:how-to-cite-this-chapter|como-citar-este-capitulo|how-to-cite-this-book|'
                    r'como-citar-este-libro)"', html)[0]
    return numbers(main_text(html, {"script", "style", "pre"}), lang)


def english_sentences(html: str, min_words: int = 2) -> list[str]:
    """Sentences of the running text with at least ``min_words`` different English
    function words (data cells, links, code and the switch left out)."""
    text = main_text(html, _SKIP)
    out = []
    for sentence in re.split(r"(?<=[.!?:;])\s+", text):
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", sentence)}
        if len(words & ENGLISH_WORDS) >= min_words:
            out.append(sentence.strip())
    return out


def switch_links(html: str) -> dict[str, str]:
    """``{lang: href}`` of the language switch on a built page."""
    return dict((lang, href) for href, lang in
                re.findall(r'class="language-switch-link" href="([^"]+)" hreflang="([\w-]+)"', html))


def untranslated_glue(executed: Path, page_markdown: str, lang: str) -> list[str]:
    """Glued keys used by ``page_markdown`` whose executed output has no ``lang`` value
    although it shows words."""
    import nbformat

    from peru_protests import edition

    nb = nbformat.read(executed, as_version=4)
    used = set(re.findall(r"\{glue(?::\w+)?\}`([^`]+)`", page_markdown))
    used |= set(re.findall(r"^```\{glue(?::\w+)?\}\s*(\S+)", page_markdown, flags=re.M))
    used = {k.split("::")[-1] for k in used}
    missing = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            meta = output.get("metadata", {})
            name = meta.get("scrapbook", {}).get("name")
            if name in used and lang not in meta.get("peru_protests.lang", {}) and edition._has_words(output):
                missing.append(name)
    return sorted(set(missing))
