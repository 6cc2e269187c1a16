"""The Spanish edition's mechanism: page blocks, staging from one execution, the language
switch, the Spanish cite blocks and run box, and the catalogue check — on hand-made
cases and on a fixture book of one tiny chapter (one translated block, one not)."""

import json
import re
import shutil
import textwrap
from pathlib import Path

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from peru_protests import catalog, edition, i18n, langswitch, markup, pages_i18n
from peru_protests.cite import BookMeta, book_cite_markdown, chapter_cite_markdown, figure_cite_markdown
from peru_protests.runinfo import BuildInfo, how_run_markdown, plain_derived

from conftest import TINY

META = BookMeta(title="Un libro", version="1.2.0", year="2027", url="https://example.org/book",
                authors=["Group X"], license=["MIT", "CC-BY-4.0"], repository="https://example.org/repo",
                released="2027-01-02")
OFFICIAL = BuildInfo("1.2.0", "1.2.0", "data", "0123456789ab", "2027-02-03", "2023-03-31", False)
DERIVED = BuildInfo("1.2.0", "1.2.0-mine", "my-data", "fedcba987654", "2027-02-03", "2026-03-01", True,
                    {"regional.threshold": 40.0})


# --- page blocks ------------------------------------------------------------------------------

PAGE = textwrap.dedent("""\
    # Title

    First paragraph
    on two lines.


    :::{note}
    Inside a fence.

    Still inside.
    :::

    ```{glue:figure} fig_x
    :name: fig-x

    Caption.
    ```
    """)


def test_blocks_fenced_block_with_blank_lines_is_one_block():
    assert pages_i18n.blocks(PAGE) == [
        "# Title", "First paragraph\non two lines.", ":::{note}\nInside a fence.\n\nStill inside.\n:::",
        "```{glue:figure} fig_x\n:name: fig-x\n\nCaption.\n```"]
    assert "".join(piece for piece, _ in pages_i18n.segments(PAGE)) == PAGE


def test_translate_replaces_blocks_and_reports_the_rest():
    cat = Catalog(locale="es_PE")
    cat.add("# Title", "# Título", context="p.md")
    cat.add("First paragraph\non two lines.", "Primer párrafo.", context="p.md")
    cat.add(":::{note}\nInside a fence.\n\nStill inside.\n:::", "", context="p.md")  # untranslated
    cat.add("# Title", "# Otro contexto", context="other.md")
    missing = []
    out = pages_i18n.translate(PAGE, "p.md", cat, missing)
    assert out.startswith("# Título\n\nPrimer párrafo.\n\n\n:::{note}\nInside a fence.")
    assert [block for _, block in missing] == [":::{note}\nInside a fence.\n\nStill inside.\n:::",
                                               "```{glue:figure} fig_x\n:name: fig-x\n\nCaption.\n```"]


# --- staging the outputs -------------------------------------------------------------------------

def _output(value, glue_key=None):
    bundle, meta = markup._bundles(value, lambda v: {"text/markdown": markup.render(v)})
    if glue_key:
        meta["scrapbook"] = {"name": glue_key, "mime_prefix": markup.GLUE_PREFIX}
        bundle = {markup.GLUE_PREFIX + k: v for k, v in bundle.items()}
    return nbformat.v4.new_output("display_data", data=bundle, metadata=meta)


def test_localise_outputs_takes_the_spanish_bundles():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [_output(i18n.Both({"en": "three deaths", "es": "tres fallecidos"}), glue_key="n"),
                    _output(i18n.Both({"en": markup.Md("**Key**"), "es": markup.Md("**Clave**")})),
                    _output("only English", glue_key="left"), _output(7, glue_key="number")]
    nb.cells = [cell]
    assert edition.glue_keys(nb) == {"n": {"en", "es"}, "left": {"en"}, "number": {"en"}}
    replaced, missing = edition.localise_outputs(nb, "es")
    assert (replaced, missing) == (2, 1)  # the bare number reads the same in both languages
    assert cell.outputs[0]["data"] == {markup.GLUE_PREFIX + "text/markdown": "tres fallecidos"}
    assert cell.outputs[1]["data"] == {"text/markdown": "**Clave**"}
    assert cell.outputs[2]["data"] == {markup.GLUE_PREFIX + "text/markdown": "only English"}


# --- the switch ---------------------------------------------------------------------------------------

def test_switch_links_resolve_both_ways():
    assert langswitch.relative_link("chapters/timeline", "en", "es") == "../es/chapters/timeline.html"
    assert langswitch.relative_link("chapters/timeline", "es", "en") == "../../chapters/timeline.html"
    assert langswitch.relative_link("intro", "en", "es") == "es/intro.html"
    assert langswitch.relative_link("intro", "es", "en") == "../intro.html"
    html = langswitch.switch_html("intro", "en", ["en", "es"])
    assert 'href="es/intro.html" hreflang="es" lang="es"' in html and ">Español</a>" in html
    assert langswitch.language_name("en") == "English"


# --- Spanish cite blocks and run box ---------------------------------------------------------------

def test_spanish_chapter_citation_cites_the_spanish_page():
    text = chapter_cite_markdown(META, "chapters/timeline", "Cronología de las muertes", 1, OFFICIAL, lang="es")
    assert text.startswith("## Cómo citar este capítulo\n")
    assert ("Group X (2027). «Cronología de las muertes». Capítulo 1 de *Un libro*, versión 1\\.2\\.0. Group X. "
            "<https://example.org/book/v1.2.0/es/chapters/timeline.html> (consultado el 3 de febrero de 2027).") in text
    assert "@incollection{peruprotests2027-timeline-es," in text
    assert "  url       = {https://example.org/book/v1.2.0/es/chapters/timeline.html}," in text
    assert "  language  = {spanish}" in text
    # the English block is unchanged
    assert "(accessed 3 February 2027)" in chapter_cite_markdown(META, "chapters/timeline", "T", 1, OFFICIAL)


def test_spanish_book_and_figure_citations():
    book = book_cite_markdown(META, OFFICIAL, lang="es")
    assert "## Cómo citar este libro" in book and "<https://example.org/book/v1.2.0/es/>" in book
    assert "publicada el 2 de enero de 2027" in book and "Licencias: MIT, CC\\-BY\\-4\\.0" in book
    fig = figure_cite_markdown(META, "chapters/timeline", "fig-a", "Muertes", OFFICIAL, lang="es")
    assert fig.startswith("Cite esta figura:") and fig.endswith("/v1.2.0/es/chapters/timeline.html#fig-a>")


def test_spanish_run_box_and_banner():
    box = how_run_markdown("regional", {"data_dir": "x", "threshold": 40.0}, {"threshold"},
                           {"threshold": "el umbral"}, DERIVED, lang="es")
    assert ":::{admonition} Cómo se ejecutó este capítulo" in box
    assert "| Parámetro | Valor usado | Qué fija |" in box and "(fijado con `-p`)" in box
    assert "la fecha más reciente en los datos es el 1 de marzo de 2026" in box
    assert plain_derived(DERIVED, "es").startswith("Compilación derivada, no es el libro oficial: carpeta de datos «my-data»")
    assert plain_derived(DERIVED, "es").endswith("compilada el 3 de febrero de 2027.")


# --- the catalogue check ---------------------------------------------------------------------------------

def _po(folder: Path, name: str, entries: list[tuple]) -> None:
    cat = Catalog(locale="es_PE", domain="book")
    for msgid, msgstr, context, flags in entries:
        cat.add(msgid, msgstr, context=context, flags=flags)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("wb") as fh:
        write_po(fh, cat)


def test_check_names_untranslated_fuzzy_missing_and_broken_entries(tmp_path):
    folder = tmp_path / "es" / "LC_MESSAGES"
    _po(folder, "part.po", [
        ("{n} deaths", "{n} fallecidos", None, ()),
        ("In {place}", "En {lugar}", None, ()),  # a renamed placeholder
        ("Left over", "", None, ()),
        ("Draft", "Borrador", None, ("fuzzy",)),
        (("{n} death", "{n} deaths"), ("{n} fallecido", "{n} de fallecidos", ""), None, ()),  # a form missing
    ])
    _po(folder, "page-x.po", [
        ("See {numref}`fig-a` and {glue:text}`n`.", "Vea {numref}`fig-b` y {glue:text}`n`.", "x.md", ()),
    ])
    used = [catalog.Entry("{n} deaths", None, ("a.py", 1), "part.po"),
            catalog.Entry("New one", None, ("a.py", 2), "part.po")]
    found = catalog.problems("es", locale_dir=tmp_path, entries=used)
    assert "part.po: 'Left over': untranslated" in found
    assert "part.po: 'Draft': fuzzy" in found
    assert "part.po: '{n} death': untranslated" in found
    assert any(line.startswith("part.po: 'In {place}': placeholders ['lugar']") for line in found)
    assert any(line.startswith("page-x.po: [x.md] 'See {numref}`fig-a`") and "('numref', 'fig-a')" in line
               for line in found)
    assert "part.po: 'New one': missing from the catalogues (used at a.py:2)" in found
    assert len(found) == 6
    assert catalog.statistics("es", locale_dir=tmp_path) == {"page-x.po": (1, 0, 0), "part.po": (2, 1, 2)}


# --- a fixture book, built: one execution, two editions ------------------------------------------------

CHAPTER_MD_TRANSLATED = "# Tiny chapter\n\nThe count is {glue:text}`n_words` ({glue:text}`n`)."
CHAPTER_MD_LEFT = "This block has no translation."


def _tiny_root(root: Path) -> None:
    """A book of one home page and one tiny chapter that glues a number, a value in both
    languages and shows Markdown in both."""
    (root / "chapters").mkdir(parents=True)
    from peru_protests.paths import REPO_ROOT

    shutil.copy(REPO_ROOT / "CITATION.cff", root / "CITATION.cff")
    (root / "_config.yml").write_text(textwrap.dedent("""\
        title: "Tiny book"
        execute:
          execute_notebooks: "off"
        parse:
          myst_enable_extensions: [colon_fence]
        html:
          baseurl: "https://example.org/tiny/"
        sphinx:
          config:
            numfig: true
            numfig_format: {figure: "Figure %s", table: "Table %s"}
            language: en
        """), encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\nparts:\n  - caption: Analysis\n    chapters:\n"
                                   "      - file: chapters/tiny\n", encoding="utf-8")
    (root / "intro.md").write_text("# Tiny home\n\nWelcome to the tiny book.\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("data_dir = None  # None: the data/ folder shipped with the book")
    params.metadata["tags"] = ["parameters"]
    code = nbformat.v4.new_code_cell(
        "from peru_protests import i18n, markup\n"
        "markup.glue_value('n', 3)\n"
        "markup.glue_value('n_words', i18n.Both({'en': 'three', 'es': 'tres'}))\n"
        "markup.show(i18n.Both({'en': markup.Md('Shown in English.'), 'es': markup.Md('Mostrado en español.')}))")
    nb.cells = [nbformat.v4.new_markdown_cell(CHAPTER_MD_TRANSLATED), params, code,
                nbformat.v4.new_markdown_cell(CHAPTER_MD_LEFT)]
    for i, cell in enumerate(nb.cells):
        cell.id = f"tiny-{i}"
    nbformat.write(nb, root / "chapters" / "tiny.ipynb")


@pytest.fixture(scope="module")
def fixture_book(tmp_path_factory):
    from peru_protests.build import build

    base = tmp_path_factory.mktemp("edition")
    root = base / "repo"
    shutil.copytree(TINY, base / "data")
    _tiny_root(root)
    locale = base / "locale"
    shutil.copytree(i18n.CATALOGUES / "es" / "LC_MESSAGES", locale / "es" / "LC_MESSAGES",
                    ignore=shutil.ignore_patterns("page-*.po"))
    _po(locale / "es" / "LC_MESSAGES", "page-tiny.po", [
        ("# Tiny chapter", "# Capítulo mínimo", "chapters/tiny.ipynb", ()),
        ("The count is {glue:text}`n_words` ({glue:text}`n`).",
         "La cuenta es {glue:text}`n_words` ({glue:text}`n`).", "chapters/tiny.ipynb", ()),
        ("This block has no translation.", "", "chapters/tiny.ipynb", ()),
    ])
    _po(locale / "es" / "LC_MESSAGES", "page-intro.po", [
        ("# Tiny home", "# Inicio mínimo", "intro.md", ()),
        ("Welcome to the tiny book.", "Bienvenidos al libro mínimo.", "intro.md", ()),
    ])
    _po(locale / "es" / "LC_MESSAGES", "page-config.po", [
        ("Tiny book", "Libro mínimo", "_config.yml", ()), ("Figure %s", "Figura %s", "_config.yml", ()),
        ("Table %s", "Tabla %s", "_config.yml", ()), ("Analysis", "Análisis", "_toc.yml", ()),
        ("Lethal Repression in Peru, December 2022 – March 2023: A Data Book",
         "Represión letal en el Perú, diciembre de 2022 – marzo de 2023: un libro de datos", "_config.yml", ()),
    ])
    patch = pytest.MonkeyPatch()
    patch.setattr(i18n, "CATALOGUES", locale)
    try:
        result = build(data_dir=base / "data", out_dir=base / "html", build_dir=base / "build", jobs=1, root=root)
    finally:
        patch.undo()
    return base, root, locale, result


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_one_execution_serves_both_editions(fixture_book):
    base, _, _, result = fixture_book
    assert result.executed == ["tiny"] and result.compiled
    html = base / "html"
    en, es = _text(html / "chapters" / "tiny.html"), _text(html / "es" / "chapters" / "tiny.html")
    assert "The count is three ( 3 )" in en and "Shown in English." in en
    assert "La cuenta es tres ( 3 )" in es and "Mostrado en español." in es
    assert "Capítulo mínimo" in es and "Inicio mínimo" in _text(html / "es" / "intro.html")
    assert "This block has no translation." in es  # left in English, and the check names it (below)
    assert "Cómo se ejecutó este capítulo" in es and "Cómo citar este capítulo" in es
    assert "How this chapter was run" in en and "Cómo" not in en
    assert "Análisis" in es and "Libro mínimo" in es
    # a derived build (fixture data): the banner in each edition's language
    assert "Compilación derivada" in es and "Derived build" in en


def test_spanish_pages_say_they_are_spanish_and_switch_both_ways(fixture_book):
    base, _, _, _ = fixture_book
    html = base / "html"
    for page in ["intro", "chapters/tiny"]:
        en_file, es_file = html / f"{page}.html", html / "es" / f"{page}.html"
        en, es = en_file.read_text(encoding="utf-8"), es_file.read_text(encoding="utf-8")
        assert re.search(r'<html[^>]*\blang="es"', es) and re.search(r'<html[^>]*\blang="en"', en)
        to_es = re.search(r'class="language-switch-link" href="([^"]+)" hreflang="es"', en).group(1)
        to_en = re.search(r'class="language-switch-link" href="([^"]+)" hreflang="en"', es).group(1)
        assert (en_file.parent / to_es).resolve() == es_file.resolve()
        assert (es_file.parent / to_en).resolve() == en_file.resolve()
        assert '<link rel="alternate" hreflang="es"' in en and '<link rel="alternate" hreflang="en"' in es


def test_check_names_the_untranslated_block_of_the_fixture_book(fixture_book):
    _, root, locale, _ = fixture_book
    found = catalog.problems("es", root=root, locale_dir=locale, entries=catalog.page_messages(root))
    assert found == ["page-tiny.po: [chapters/tiny.ipynb] 'This block has no translation.': untranslated"]


def test_every_local_link_resolves_and_static_assets_are_stored_once(fixture_book):
    base, _, _, _ = fixture_book
    html = base / "html"
    broken = []
    for page in (p for p in html.rglob("*.html") if "_static" not in p.parts):  # not the theme's templates
        for ref in re.findall(r'(?:src|href)="([^"#?]+)', page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:|//", ref) or not ref:
                continue
            if not (page.parent / ref).exists():
                broken.append(f"{page.relative_to(html)} -> {ref}")
    assert broken == []
    # the Spanish edition keeps only what differs: its search language and interface strings
    kept = sorted(p.relative_to(html / "es" / "_static").as_posix() for p in (html / "es" / "_static").rglob("*")
                  if p.is_file())
    assert "documentation_options.js" in kept and "translations.js" in kept
    assert not any(name.endswith((".css", ".woff2")) for name in kept), kept
    assert len(kept) < 10


def test_catalog_update_keeps_translations_adds_new_and_marks_obsolete(tmp_path):
    from babel.messages.pofile import read_po

    root = tmp_path / "repo"
    _tiny_root(root)
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    _po(folder, "page-tiny.po", [
        ("# Tiny chapter", "# Capítulo mínimo", "chapters/tiny.ipynb", ()),
        ("A block that was removed from the page.", "Un bloque quitado.", "chapters/tiny.ipynb", ()),
    ])
    written = catalog.update("es", root=root, locale_dir=tmp_path / "locale")
    assert str(folder / "page-tiny.po") in written and str(folder / "page-intro.po") in written
    with (folder / "page-tiny.po").open("rb") as fh:
        tiny = read_po(fh, locale="es_PE")
    assert tiny.get("# Tiny chapter", context="chapters/tiny.ipynb").string == "# Capítulo mínimo"
    new = tiny.get(CHAPTER_MD_LEFT, context="chapters/tiny.ipynb")
    assert new is not None and new.string == ""
    assert ("A block that was removed from the page.", "chapters/tiny.ipynb") in tiny.obsolete
    # the package's own messages go to their parts' files, e.g. the cite blocks to cite.po
    with (folder / "cite.po").open("rb") as fh:
        assert fh.read().count(b'msgid "How to cite this chapter"') == 1
    # the check lists what update added, untranslated, and exits 1
    found = catalog.problems("es", root=root, locale_dir=tmp_path / "locale", entries=catalog.page_messages(root))
    assert f"page-tiny.po: [chapters/tiny.ipynb] {CHAPTER_MD_LEFT!r}: untranslated" in found
    # a second update changes nothing
    before = {p.name: p.read_bytes() for p in folder.glob("*.po")}
    catalog.update("es", root=root, locale_dir=tmp_path / "locale")
    assert {p.name: p.read_bytes() for p in folder.glob("*.po")} == before
