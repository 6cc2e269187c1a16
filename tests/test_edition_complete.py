"""Completeness of the Spanish edition, on the REAL catalogues and pages (issue #15,
point 6): no untranslated, fuzzy or inconsistent catalogue entry; every glued value an
English page uses has a Spanish value; the numbers on each Spanish page equal those on
its English page; no English sentence is left in the Spanish HTML; the language switch
resolves both ways. The book is built once, on the tiny fixture data."""

import shutil
import subprocess

import nbformat
import pytest

from peru_protests import catalog, edition_check, i18n
from peru_protests.build import read_toc
from peru_protests.paths import REPO_ROOT


PAGES = read_toc(REPO_ROOT)
HTML_PAGES = [p.docname for p in PAGES]
LANG = "es"
FOLDER = i18n.CATALOGUES / LANG / "LC_MESSAGES"


@pytest.fixture(scope="module")
def book(tiny_book):
    return tiny_book


def test_catalogues_are_complete():
    found = catalog.problems(LANG)
    stats = catalog.statistics(LANG)
    assert found == [], f"{len(found)} problem(s); per file (translated, fuzzy, untranslated): {stats}\n" + \
        "\n".join(found[:60])


def test_msgfmt_check_accepts_every_catalogue():
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is not installed (.ci/run installs it)"
    for path in sorted(FOLDER.glob("*.po")):
        proc = subprocess.run([msgfmt, "--check", "--statistics", "-o", "/dev/null", str(path)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert "untranslated" not in proc.stderr and "fuzzy" not in proc.stderr, f"{path.name}: {proc.stderr}"


@pytest.mark.parametrize("page", [p for p in PAGES if p.is_notebook], ids=lambda p: p.name)
def test_every_glued_value_has_a_spanish_value(book, page):
    executed = sorted((book / "build" / "cache").glob(f"{page.name}-*/{page.docname}.ipynb"))
    assert executed, "the chapter was not executed"
    markdown = "\n\n".join(p.source.read_text(encoding="utf-8") for p in PAGES if not p.is_notebook)
    markdown += "\n\n" + "\n\n".join(c.source for c in nbformat.read(page.source, as_version=4).cells
                            if c.cell_type == "markdown")
    assert edition_check.untranslated_glue(executed[0], markdown, LANG) == []


@pytest.mark.parametrize("docname", HTML_PAGES)
def test_spanish_page_has_the_numbers_of_the_english_page(book, docname):
    en = edition_check.page_numbers(book / "html" / f"{docname}.html", "en")
    es = edition_check.page_numbers(book / "html" / LANG / f"{docname}.html", LANG)
    assert en, "no numbers found on the English page: the extraction is broken"
    assert es == en, f"only in English: {dict(en - es)}; only in Spanish: {dict(es - en)}"


@pytest.mark.parametrize("docname", HTML_PAGES)
def test_no_english_sentence_left_in_the_spanish_page(book, docname):
    html = (book / "html" / LANG / f"{docname}.html").read_text(encoding="utf-8")
    left = edition_check.english_sentences(html)
    assert left == [], f"{len(left)} English sentence(s), e.g.:\n" + "\n".join(left[:10])


@pytest.mark.parametrize("docname", HTML_PAGES)
def test_language_switch_resolves_both_ways(book, docname):
    en_file = book / "html" / f"{docname}.html"
    es_file = book / "html" / LANG / f"{docname}.html"
    to_es = edition_check.switch_links(en_file.read_text(encoding="utf-8"))[LANG]
    to_en = edition_check.switch_links(es_file.read_text(encoding="utf-8"))["en"]
    assert (en_file.parent / to_es).resolve() == es_file.resolve()
    assert (es_file.parent / to_en).resolve() == en_file.resolve()
    assert '<html lang="es"' in es_file.read_text(encoding="utf-8")
    assert '<html lang="en"' in en_file.read_text(encoding="utf-8")
