"""How to cite the book, each chapter and each figure, generated from one place:
``CITATION.cff`` (and, for a derived build, :class:`peru_protests.runinfo.BuildInfo`).

Addresses are versioned: release X.Y.Z of the book is published at ``<url>/vX.Y.Z/``
and stays there; ``<url>/`` always shows the latest release. Citations give the
versioned address, so that what is cited cannot change under it.

The build appends :func:`chapter_cite_markdown` to every executed chapter and
:func:`book_cite_markdown` to the home page, so no page carries its own copy. A derived
build (other data, or ``-p`` values) cites itself as such: the data fingerprint, the
parameters and the build date, and the official release only as what it is based on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from peru_protests import i18n, markup
from peru_protests.i18n import _
from peru_protests.markup import Md
from peru_protests.paths import REPO_ROOT


@dataclass(frozen=True)
class BookMeta:
    title: str
    version: str
    year: str
    url: str
    authors: list[str]
    license: str | list
    repository: str = ""
    released: str = ""

    @property
    def versioned_url(self) -> str:
        return f"{self.url}/v{self.version}"

    @property
    def publisher(self) -> str:
        return "; ".join(self.authors)  # self-published by its contributors

    @property
    def licenses(self) -> list[str]:
        return [self.license] if isinstance(self.license, str) else list(self.license)


def book_meta(citation_file: Path = REPO_ROOT / "CITATION.cff") -> BookMeta:
    with open(citation_file, encoding="utf-8") as fh:
        cff = yaml.safe_load(fh)
    authors = [a.get("name") or f"{a['given-names']} {a['family-names']}" for a in cff["authors"]]
    return BookMeta(
        title=cff["title"],
        version=str(cff["version"]),
        year=str(cff["date-released"])[:4],
        url=cff["url"].rstrip("/"),
        authors=authors,
        license=cff.get("license", ""),
        repository=cff.get("repository-code", ""),
        released=str(cff["date-released"]),
    )


def edition_prefix(lang: str = "en") -> str:
    """Where an edition lives under the book's address: English at the top (its
    addresses are citations and never move), every other language under ``<lang>/``."""
    return "" if i18n.check(lang) == i18n.DEFAULT else f"{lang}/"


def chapter_url(meta: BookMeta, docname: str, versioned: bool = True, lang: str = "en") -> str:
    return f"{meta.versioned_url if versioned else meta.url}/{edition_prefix(lang)}{docname}.html"


def _accessed(lang: str, built: str) -> str:
    """A date in a citation's text, written out in the language with Babel (BibTeX
    fields keep ISO dates)."""
    return i18n.day(lang, built)


def _bib(text: str) -> str:
    """A value inside BibTeX braces: braces of its own cannot unbalance the entry."""
    return str(text).replace("{", "").replace("}", "").replace("\\", "").replace("`", "")


def _bibtex(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name:<{width}} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


def _derived_note(meta: BookMeta, info, lang: str = "en") -> str:
    from peru_protests.runinfo import plain_derived

    return _(lang, "{derived} Based on version {version} of the book, {url}").format(
        derived=plain_derived(info, lang), version=meta.version, url=f"{meta.versioned_url}/{edition_prefix(lang)}")


def chapter_cite_markdown(meta: BookMeta, docname: str, title: str, number: int | None, info=None,
                          lang: str = "en") -> Md:
    """The "How to cite this chapter" block: a heading, a plain-text citation and
    BibTeX (``@incollection``, group author braced, ``version``, ``urldate``). In another
    language it cites that edition's page (its own address under ``<lang>/``); ``meta``
    then carries the book's title in that language."""
    derived = bool(info is not None and info.derived)
    url = chapter_url(meta, docname, lang=lang)
    authors = "; ".join(meta.authors)
    built = info.built if info is not None else meta.released
    key = (f"peruprotests{meta.year}-{Path(docname).name.replace('_', '-')}" + ("" if lang == i18n.DEFAULT else f"-{lang}")
           + ("-derived" if derived else ""))
    where = (markup.md(_(lang, "Chapter {number} in *{book}*"), number=number, book=meta.title) if number is not None
             else markup.md(_(lang, "In *{book}*"), book=meta.title))
    if derived:
        text = markup.md(_(lang, "{authors} ({year}). “{title}.” {where}. {note}"), authors=authors, year=meta.year,
                         title=title, where=where, note=_derived_note(meta, info, lang))
        note = _derived_note(meta, info, lang)
    else:
        text = markup.md(_(lang, "{authors} ({year}). “{title}.” {where}, version {version}. {publisher}. "
                         "{url} (accessed {built})."), authors=authors, year=meta.year, title=title, where=where,
                         version=meta.version, publisher=meta.publisher, url=Md(f"<{url}>"),
                         built=_accessed(lang, built))
        note = _(lang, "Version {version}; latest release at {url}").format(
            version=meta.version, url=chapter_url(meta, docname, versioned=False, lang=lang))
    fields = [("author", "{" + _bib(authors) + "}"), ("title", "{" + _bib(title) + "}"),
              ("booktitle", "{" + _bib(meta.title) + "}")]
    if number is not None:
        fields.append(("chapter", str(number)))
    fields += [("publisher", "{" + _bib(meta.publisher) + "}"), ("year", meta.year), ("version", meta.version)]
    if not derived:
        fields.append(("url", url))
    fields += [("urldate", built), ("note", _bib(note))]
    if lang != i18n.DEFAULT:
        fields.append(("language", i18n.locale(lang).get_language_name("en").lower()))
    heading = "## " + _(lang, "How to cite this chapter") + "\n\n"
    if derived:
        heading += _(lang, "This page comes from a derived build: cite it as such, with its data and parameters.") + "\n\n"
    return Md(heading) + text + Md("\n\n```bibtex\n" + _bibtex("incollection", key, fields) + "\n```\n")


def book_cite_markdown(meta: BookMeta, info=None, lang: str = "en") -> Md:
    """The whole-book citation for the home page, with the versioned and latest
    addresses, the repository (when ``CITATION.cff`` names it) and the licences. In
    another language it cites that edition (its address under ``<lang>/``)."""
    derived = bool(info is not None and info.derived)
    authors = "; ".join(meta.authors)
    prefix = edition_prefix(lang)
    key = f"peruprotests{meta.year}" + ("" if lang == i18n.DEFAULT else f"-{lang}") + ("-derived" if derived else "")
    lines = [Md("## " + _(lang, "How to cite this book") + "\n")]
    if derived:
        lines.append(markup.md(_(lang, "{authors} ({year}). *{title}*. {note}"), authors=authors, year=meta.year,
                               title=meta.title, note=_derived_note(meta, info, lang)))
    else:
        lines.append(markup.md(_(lang, "{authors} ({year}). *{title}*, version {version}. {publisher}. {url}"),
                               authors=authors, year=meta.year, title=meta.title, version=meta.version,
                               publisher=meta.publisher, url=Md(f"<{meta.versioned_url}/{prefix}>")))
        lines.append(markup.md(_(lang, "This is version {version}, released {released}; it stays at {versioned}. "
                               "The latest release is always at {latest}."), version=meta.version,
                               released=_accessed(lang, meta.released), versioned=Md(f"<{meta.versioned_url}/{prefix}>"),
                               latest=Md(f"<{meta.url}/{prefix}>")))
    fields = [("author", "{" + _bib(authors) + "}"), ("title", "{" + _bib(meta.title) + "}"),
              ("publisher", "{" + _bib(meta.publisher) + "}"), ("year", meta.year), ("version", meta.version)]
    if not derived:
        fields.append(("url", meta.versioned_url + "/" + prefix))
    if info is not None:
        fields.append(("urldate", info.built))
    if derived:
        fields.append(("note", _bib(_derived_note(meta, info, lang))))
    if lang != i18n.DEFAULT:
        fields.append(("language", i18n.locale(lang).get_language_name("en").lower()))
    lines.append(Md("```bibtex\n" + _bibtex("book", key, fields) + "\n```"))
    licences = markup.join(meta.licenses)
    extra = markup.md(_(lang, "Licences: {licences} (the code under MIT; the data and the text under CC BY 4.0)."),
                      licences=licences)
    if meta.repository:
        extra = markup.md(_(lang, "Source code and data: {repository}. {licences}"),
                          repository=markup.link(meta.repository, meta.repository), licences=extra)
    lines.append(extra)
    return Md("\n\n").join(lines) + Md("\n")


def book_bibtex(meta: BookMeta) -> str:
    """The BibTeX of a release (``CITATION.bib``): the same entry as on the home page,
    with a real key, the group author braced, the version and the repository."""
    fields = [("author", "{" + _bib("; ".join(meta.authors)) + "}"), ("title", "{" + _bib(meta.title) + "}"),
              ("publisher", "{" + _bib(meta.publisher) + "}"), ("year", meta.year), ("version", meta.version),
              ("url", meta.versioned_url + "/")]
    if meta.repository:
        fields.append(("note", f"Source code and data: {meta.repository}"))
    return _bibtex("book", f"peruprotests{meta.year}", fields)


def figure_cite_markdown(meta: BookMeta, docname: str, figure: str, title: str, info=None, lang: str = "en") -> Md:
    """A "cite this figure" line: the chapter's versioned address with the figure's anchor."""
    if info is not None and info.derived:
        return markup.md(_(lang, "Cite this figure: “{title},” figure {figure} of a derived build. {note}"),
                         title=title, figure=markup.code(figure), note=_derived_note(meta, info, lang))
    url = f"{chapter_url(meta, docname, lang=lang)}#{figure}"
    return markup.md(_(lang, "Cite this figure: {authors} ({year}). “{title},” in *{book}*, version {version}. {url}"),
                     authors="; ".join(meta.authors), year=meta.year, title=title, book=meta.title,
                     version=meta.version, url=Md(f"<{url}>"))
