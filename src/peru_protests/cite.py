"""How to cite the book and each chapter, generated from one place: ``CITATION.cff``.

The build appends :func:`chapter_cite_markdown` to every executed chapter, so no chapter
carries its own copy of the citation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from peru_protests.paths import REPO_ROOT


@dataclass(frozen=True)
class BookMeta:
    title: str
    version: str
    year: str
    url: str
    authors: list[str]
    license: str


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
    )


def chapter_url(meta: BookMeta, docname: str) -> str:
    return f"{meta.url}/{docname}.html"


def chapter_cite_markdown(meta: BookMeta, docname: str, title: str, number: int | None) -> str:
    """The "How to cite this chapter" block: a heading, a plain-text citation and BibTeX."""
    url = chapter_url(meta, docname)
    authors_text = "; ".join(meta.authors)
    where = f"Chapter {number} in *{meta.title}*" if number is not None else f"In *{meta.title}*"
    key = "peruprotests" + meta.year + "-" + Path(docname).name.replace("_", "-")
    bib_title = title.replace("{", "").replace("}", "")
    return "\n".join([
        "## How to cite this chapter",
        "",
        f"{authors_text} ({meta.year}). “{title}.” {where}, version {meta.version}. <{url}>",
        "",
        "```bibtex",
        f"@incollection{{{key},",
        f"  author    = {{{{{authors_text}}}}},",
        f"  title     = {{{{{bib_title}}}}},",
        f"  booktitle = {{{{{meta.title}}}}},",
        *( [f"  chapter   = {{{number}}},"] if number is not None else [] ),
        f"  year      = {{{meta.year}}},",
        f"  edition   = {{Version {meta.version}}},",
        f"  url       = {{{url}}}",
        "}",
        "```",
        "",
    ])
