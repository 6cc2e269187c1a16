"""The files the site ships (data package, source, licences) and the page-weight step."""

import zipfile
from pathlib import Path

import pytest

from peru_protests import site_files
from peru_protests.paths import REPO_ROOT

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"


def test_data_files_lists_the_descriptor_then_each_table_with_its_rows():
    files = site_files.data_files(TINY)
    # the tiny folder has no descriptor of its own: the shipped one it is checked against
    assert files[0]["name"] == "datapackage.json" and files[0]["path"].name == "datapackage.json"
    rows = {f["name"]: f["rows"] for f in files[1:]}
    # counted by hand: deaths.csv has 10 data lines under its header, claims.csv 1
    assert rows["deaths.csv"] == 10
    assert rows["claims.csv"] == 1
    assert rows["sources.csv"] == 3
    assert len(files) == 1 + 13


def test_a_resource_outside_the_folder_is_refused(tiny_copy):
    import json

    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "../deaths.csv"
    (tiny_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(ValueError):
        site_files.data_files(tiny_copy)


def test_zips_are_reproducible(tmp_path):
    (tmp_path / "b.txt").write_text("bee")
    (tmp_path / "a.txt").write_text("ay")
    members = [("x/b.txt", tmp_path / "b.txt"), ("a.txt", tmp_path / "a.txt")]
    site_files.write_zip(tmp_path / "one.zip", members)
    site_files.write_zip(tmp_path / "two.zip", list(reversed(members)))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert archive.namelist() == ["a.txt", "x/b.txt"]
        assert archive.read("x/b.txt") == b"bee"
        assert archive.getinfo("a.txt").date_time == (2000, 1, 1, 0, 0, 0)


def test_stage_site_ships_the_built_data_folder_and_fills_the_page(tmp_path, tiny_copy):
    (tiny_copy / "deaths.csv").write_text((tiny_copy / "deaths.csv").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    stage = tmp_path / "stage"
    stage.mkdir()
    (stage / "data-and-code.md").write_text("# Data and code\n\n<!-- site:files -->\n\n<!-- site:repository -->\n",
                                            encoding="utf-8")
    site = site_files.stage_site(REPO_ROOT, tiny_copy, stage)
    # the tables of the folder that was built, not the repository's
    assert (site / "data" / "deaths.csv").read_bytes() == (TINY / "deaths.csv").read_bytes()
    assert (site / "data" / "deaths.csv").read_bytes() != (REPO_ROOT / "data" / "deaths.csv").read_bytes()
    with zipfile.ZipFile(site / "data" / site_files.DATA_ZIP) as archive:
        names = archive.namelist()
    assert names[0] == "LICENSE-DATA.md" and "data/datapackage.json" in names and "data/deaths.csv" in names
    assert len(names) == 1 + 1 + 13
    with zipfile.ZipFile(site / site_files.SOURCE_ZIP) as archive:
        source = archive.namelist()
    assert "src/peru_protests/site_files.py" in source and "data/deaths.csv" in source
    assert not [n for n in source if "__pycache__" in n or n.startswith((".venv", "_build", ".git/"))]
    for name in ("LICENSE.txt", "LICENSE-DATA.txt", "README.txt", "CITATION.cff", "favicon.ico"):
        assert (site / name).is_file(), name
    page = (stage / "data-and-code.md").read_text(encoding="utf-8")
    assert "<!--" not in page
    assert '- <a href="data/deaths.csv">deaths.csv</a>: ' in page
    assert "(10 rows, " in page and "(1 row, " in page
    assert '<a href="peru-protests-book-source.zip">' in page
    # CITATION.cff does not record the repository yet: the page says so
    assert "has not been published yet" in page


def test_the_repository_address_is_read_from_citation_cff(tmp_path):
    assert site_files.repository(REPO_ROOT) is None  # not recorded: nothing invented
    (tmp_path / "CITATION.cff").write_text('repository-code: "https://example.org/book-code"\n')
    assert site_files.repository(tmp_path) == "https://example.org/book-code"
    (tmp_path / "CITATION.cff").write_text('repository-code: "javascript:alert(1)"\n')
    assert site_files.repository(tmp_path) is None


def test_slim_removes_source_maps_and_the_icon_script(tmp_path):
    static = tmp_path / "_static" / "scripts"
    static.mkdir(parents=True)
    (static / "app.js").write_text("var a = 1;\n//# sourceMappingURL=app.js.map\n")
    (static / "app.js.map").write_text("x" * 100)
    (static / "fontawesome.js").write_text("y" * 50)
    (tmp_path / "_static" / "theme.css").write_text("a{b:c}\n/*# sourceMappingURL=theme.css.map */")
    (tmp_path / "_static" / "locales" / "fr").mkdir(parents=True)
    (tmp_path / "_static" / "locales" / "fr" / "sphinx.mo").write_bytes(b"z" * 7)
    (tmp_path / "index.html").write_text(
        '<head>\n  <script defer src="_static/scripts/fontawesome.js?digest=1"></script>\n'
        '    <link rel="stylesheet" type="text/css" href="_static/sphinx-thebe.css?v=4f" />\n'
        '    <script>const THEBE_JS_URL = "https://example.org/x.js"; const thebe_selector = ".cell"</script>\n'
        '    <script async="async" src="_static/sphinx-thebe.js?v=c1"></script>\n'
        '    <script>const THEBE_JS_URL = "https://example.org/x.js"; const thebe_selector = ".cell"</script>\n'
        '  <script src="_static/scripts/app.js"></script>\n</head>\n')
    removed = site_files.slim(tmp_path)
    assert removed == {"files": 3, "bytes": 157}
    assert (static / "app.js").read_text() == "var a = 1;\n"
    assert (tmp_path / "_static" / "theme.css").read_text() == "a{b:c}"
    assert (tmp_path / "index.html").read_text() == \
        '<head>\n  <script src="_static/scripts/app.js"></script>\n</head>\n'
    assert not (static / "fontawesome.js").exists() and not (tmp_path / "_static" / "locales").exists()


def test_the_generated_list_is_translated(tmp_path, tiny_copy):
    stage = tmp_path / "stage"
    stage.mkdir()
    site = site_files.stage_site(REPO_ROOT, tiny_copy, stage)
    spanish = site_files.fill_page("<!-- site:files -->\n\n<!-- site:repository -->", REPO_ROOT, site, "es")
    assert "(10 filas, " in spanish and "(1 fila, " in spanish
    assert "todo el paquete de datos en un solo archivo" in spanish
    assert "aún no se ha publicado" in spanish
    # one folder down (a Spanish edition under es/), the links climb to the site's root
    assert '<a href="../data/deaths.csv">' in site_files.files_markdown(site, "es", prefix="../")
