from peru_protests.cite import BookMeta, book_cite_markdown, book_meta, chapter_cite_markdown, figure_cite_markdown
from peru_protests.paths import REPO_ROOT
from peru_protests.runinfo import BuildInfo

META = BookMeta(title="A Book", version="1.2.0", year="2027", url="https://example.org/book",
                authors=["Group X"], license=["MIT", "CC-BY-4.0"], repository="https://example.org/repo",
                released="2027-01-02")
OFFICIAL = BuildInfo("1.2.0", "1.2.0", "data", "0123456789ab", "2027-02-03", "2023-03-31", False)
DERIVED = BuildInfo("1.2.0", "1.2.0-mine", "my-data", "fedcba987654", "2027-02-03", "2026-03-01", True,
                    {"regional.threshold": 40.0, "justice.as_of": "2026-06-30"})


def test_chapter_cite_block_is_versioned():
    text = chapter_cite_markdown(META, "chapters/timeline", "Timeline of the deaths", 3, OFFICIAL)
    assert text.startswith("## How to cite this chapter\n")
    assert ("Group X (2027). “Timeline of the deaths.” Chapter 3 in *A Book*, version 1\\.2\\.0. Group X. "
            "<https://example.org/book/v1.2.0/chapters/timeline.html> (accessed 3 February 2027).") in text
    assert "@incollection{peruprotests2027-timeline," in text
    assert "  author    = {{Group X}}," in text  # a group author, braced: not read as a person
    assert "  chapter   = {3}," in text
    assert "  publisher = {{Group X}}," in text
    assert "  version   = {1.2.0}," in text
    assert "  url       = {https://example.org/book/v1.2.0/chapters/timeline.html}," in text
    assert "  urldate   = {2027-02-03}," in text
    assert "edition" not in text


def test_unnumbered_page_has_no_chapter_field():
    text = chapter_cite_markdown(META, "chapters/sources", "Sources", None, OFFICIAL)
    assert "chapter   =" not in text
    assert "In *A Book*, version 1\\.2\\.0" in text


def test_derived_cite_block_says_what_was_built():
    text = chapter_cite_markdown(META, "chapters/regional", "Regional disparity", 2, DERIVED)
    assert "@incollection{peruprotests2027-regional-derived," in text
    assert "url       =" not in text  # no address of the official book as if it were this page
    assert ("note      = {Derived build, not the official book: data folder 'my-data' (data version 1.2.0-mine, "
            "fingerprint fedcba987654), parameters justice.as_of=2026-06-30; regional.threshold=40, built 3 February 2027. "
            "Based on version 1.2.0 of the book, https://example.org/book/v1.2.0/}") in text
    assert "This page comes from a derived build" in text


def test_whole_book_citation_and_licences():
    text = book_cite_markdown(META, OFFICIAL)
    assert "@book{peruprotests2027," in text and "url       = {https://example.org/book/v1.2.0/}" in text
    assert "The latest release is always at <https://example.org/book/>" in text
    assert "[https\\:\\/\\/example\\.org\\/repo](https://example.org/repo)" in text
    assert "Licences: MIT, CC\\-BY\\-4\\.0" in text
    assert "@book{peruprotests2027-derived," in book_cite_markdown(META, DERIVED)


def test_figure_citation_has_the_anchor():
    text = figure_cite_markdown(META, "chapters/timeline", "fig-timeline-deaths", "Deaths per day", OFFICIAL)
    assert text.endswith("<https://example.org/book/v1.2.0/chapters/timeline.html#fig-timeline-deaths>")


def test_book_meta_comes_from_citation_cff():
    meta = book_meta()
    cff = (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{meta.version}"' in cff
    assert meta.url.startswith("https://")
