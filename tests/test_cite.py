from peru_protests.cite import BookMeta, book_meta, chapter_cite_markdown
from peru_protests.paths import REPO_ROOT

META = BookMeta(title="A Book", version="1.2.0", year="2027", url="https://example.org/book",
                authors=["Ana Pérez", "Group X"], license="MIT")


def test_chapter_cite_block():
    text = chapter_cite_markdown(META, "chapters/timeline", "Timeline of the deaths", 3)
    assert text.startswith("## How to cite this chapter\n")
    assert ("Ana Pérez; Group X (2027). “Timeline of the deaths.” Chapter 3 in *A Book*, version 1.2.0. "
            "<https://example.org/book/chapters/timeline.html>") in text
    assert "@incollection{peruprotests2027-timeline," in text
    assert "  chapter   = {3}," in text
    assert "  url       = {https://example.org/book/chapters/timeline.html}" in text
    assert "  edition   = {Version 1.2.0}," in text


def test_unnumbered_page_has_no_chapter_field():
    text = chapter_cite_markdown(META, "chapters/sources", "Sources", None)
    assert "chapter   =" not in text
    assert "In *A Book*, version 1.2.0" in text


def test_book_meta_comes_from_citation_cff():
    meta = book_meta()
    cff = (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{meta.version}"' in cff
    assert meta.url.startswith("https://")
