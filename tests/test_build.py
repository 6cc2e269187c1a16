"""End-to-end: the build on the tiny fixture data, its cache, its failures and the
all-or-nothing publishing. Builds go to temporary folders, never to the repo's _build."""

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from peru_protests.build import BuildError, UsageError, build, notebook_parameters, read_toc
from peru_protests.paths import REPO_ROOT

from conftest import TINY

# every chapter notebook of the book, as the build names them
CHAPTERS = sorted(page.name for page in read_toc(REPO_ROOT) if page.is_notebook)


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def text_of(html_file: Path) -> str:
    html = html_file.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One real build of the book on the tiny fixture."""
    base = tmp_path_factory.mktemp("book")
    data = base / "data"
    shutil.copytree(TINY, data)
    kwargs = {"data_dir": data, "out_dir": base / "html", "build_dir": base / "build", "jobs": 2}
    first = build(**kwargs)
    return base, kwargs, first


def test_first_build_executes_and_compiles(built):
    base, _, first = built
    assert sorted(first.executed) == CHAPTERS
    assert {"timeline", "regional", "data", "sources"} <= set(CHAPTERS)
    assert first.cached == []
    assert first.compiled
    assert (base / "html" / "index.html").is_file()
    # executed copies live outside chapters/, one cache entry per chapter and key
    entries = sorted((base / "build" / "cache").glob("timeline-*/chapters/timeline.ipynb"))
    assert len(entries) == 1


def test_glued_numbers_in_html(built):
    base, _, _ = built
    text = text_of(base / "html" / "chapters" / "timeline.html")
    # hand-computed from the fixture: 9 counted deaths, 6 + 2 + 1; 7 of 115 days
    assert ("Between 11 December 2022 and 5 March 2023, 9 people died: 6 civilians killed in clashes with the "
            "security forces, 2 members of the police and the armed forces and 1 death linked to road blockades. "
            "This is the Ombudsman’s final count") in text
    assert "Of the 115 days from 7 December 2022 to 31 March 2023, 7 saw at least one death" in text
    assert ("the deadliest days were 15 December 2022 (3 deaths, in Ayacucho), 11 December 2022 (2 deaths, in "
            "Apurímac) and 9 January 2023 (2 deaths, in Puno)") in text
    # waves with the default gap of 7 quiet days: 11-16 Dec, 9-10 Jan, 5 Mar (see test_timeline)
    assert "the data show 3 waves of protest" in text
    assert "a national figure exists for 3 of the 115 days shown" in text
    # D003-D005 (national emergency) and D008 (open-ended Puno emergency, first day)
    assert "4 happened in a department under a state of emergency or curfew" in text
    assert "and 5 outside one" in text
    # D008 is inside only because the open-ended Puno emergency starts on the day of the injury
    assert "1 death counted under an emergency is inside only because of it" in text
    # per person: only fix-a is dated to the day (1 Jan 2023): D001 (11 Dec) waits 21 days, D002
    # (14 Dec) 18; the other 7 counted people have no source dated to the day after their death
    assert ("half of the people waited 19 days or less; the longest wait was 21 days. For 7 of the 9 "
            "people, the sources the book cites give no report dated to the day up to 31 March 2023.") in text
    # the key findings open the chapter, before the box on how it was run
    html = (base / "html" / "chapters" / "timeline.html").read_text(encoding="utf-8")
    assert html.index("Key findings") < html.index("How this chapter was run") < html.index('id="the-deaths-day-by-day"')


def test_regional_numbers_in_html(built):
    base, _, _ = built
    text = text_of(base / "html" / "chapters" / "regional.html")
    # fixture: mother tongue 70 / 40 / 70, so the group (above 50%) is Apurímac + Puno
    assert "every region above 50 %: Apurímac and Puno ( 2 regions )" in text
    # civilians in clashes: group 3 deaths (D001, D002, D007) in 1.6 million people, the
    # rest 3 (D003-D005) in 0.6 million: (3 / 1.6) / (3 / 0.6) = 0.375
    # clustering: three lethal events (town-a: 2 deaths and town-c: 1 in the group, town-b: 3
    # in the rest). A resample of 3 events draws no group event with probability (1/3)^3 = 3.7%
    # and no rest event with (2/3)^3 = 30%, both more than 2.5%: the cluster-bootstrap
    # interval runs from 0 to unbounded
    assert ("the death rate in the group was 0.38 (95% interval 0 to unbounded, cluster bootstrap over lethal "
            "events) times") in text
    # the exact Poisson interval beside it, as before (0.0502 to 2.80), to two significant figures
    assert "0.050 to 2.8 if every death were an independent event (exact Poisson)" in text
    # injury reports list Ayacucho (30) and Puno (10 + 50): the group holds 1.2 of 1.8
    # million people, 60 of 90 injured and 1 (D007) of the 4 deaths in the report periods
    # that fall in listed regions; D001 and D002 are in Apurímac, which is not listed
    assert "the group holds 67% of the population, 67% of the injured attended and 25% of the deaths" in text
    assert "of which 2 are in regions that the reports do not list" in text


def test_justice_numbers_in_html(built):
    base, _, _ = built
    text = text_of(base / "html" / "chapters" / "justice.html")
    # civilians in clashes, counted: D001-D005, D007. case-town-b covers D003-D005 and is
    # formalised on 1 Jun 2023; case-town-c (D007) only reached a preliminary stage; D001
    # is in a file nothing dates; D002 is in no file.
    assert ("Of the 6 deaths counted here that had happened by then, 4 were in a case with a dated step, "
            "3 in a case that had been formalised") in text
    assert "The data place 1 death in no prosecutor’s file at all: A.B.C." in text
    assert "A.B.C. (D002)" not in text  # no row ids
    # waits: D005 167 days, D003 and D004 168 days; the other three are censored, so the
    # Kaplan-Meier curve is 1/6 at day 167 and 1 - (5/6)(3/5) = 1/2 at day 168
    assert "3 had their case formalised by the as-of date and 3 were still waiting" in text
    # case-town-b is formalised on or before 1 Jun 2023 and not before 1 Mar 2023: D003 and
    # D004 wait 76 to 168 days, D005 75 to 167; the median is 76 days at the earliest dates
    # and 168 at the latest (worked out in test_censoring)
    assert "Half of the deaths had their case formalised within 76 to 168 days" in text
    assert "The share of deaths whose case was formalised: 50% within one year." in text


def test_figure_table_and_cite_block(built):
    base, _, _ = built
    html = (base / "html" / "chapters" / "timeline.html").read_text(encoding="utf-8")
    text = text_of(base / "html" / "chapters" / "timeline.html")
    assert "Figure 1.1" in text and "Table 1.1" in text
    # the figure is an SVG whose alt text states the finding, computed from the data
    assert re.search(r'<img[^>]+alt="\d+ deaths? from 7 December 2022 to 31 March 2023; the deadliest day was '
                     r'[^"]+"[^>]+src="[^"]*fig-timeline-deaths\.en\.svg"', html)
    assert "Cite this figure" in text
    assert "How to cite this chapter" in text
    compact = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))
    assert "@incollection{peruprotests" in compact
    # the fixture build is a derived build: it does not cite the official book's address
    assert "peru-protests-data-book.github.io/book/v" in text and "chapters/timeline.html" not in text
    assert "Fixture Office" in text  # sources listed under the figure
    assert "Download the data behind it (CSV)" in text
    downloads = sorted(p.name for p in (base / "html" / "_downloads").rglob("*.*"))
    assert "timeline_waves.csv" in downloads and "timeline_waves.json" in downloads
    for name in ("fig-timeline-deaths.en.svg", "fig-timeline-deaths.en.png", "fig-timeline-deaths.csv",
                 "fig-timeline-deaths.json", "tbl-timeline-key-events.csv"):
        assert name in downloads
    assert "injected-parameters" not in html and str(base) not in html  # no machine paths


def test_sources_page_lists_the_bibliography(built):
    base, _, _ = built
    text = text_of(base / "html" / "chapters" / "sources.html")
    assert "The data cite 3 sources, by kind in Table" in text
    assert "Fixture Office" in text and "How to cite this chapter" in text


def test_no_op_rebuild_executes_nothing(built):
    base, kwargs, _ = built
    before = tree_digest(base / "html")
    again = build(**kwargs)
    assert again.executed == []
    assert sorted(again.cached) == CHAPTERS
    assert not again.compiled and again.unchanged  # stopped at once: same inputs digest
    assert tree_digest(base / "html") == before


def test_each_chapter_records_the_tables_it_read(built):
    _, _, first = built
    csvs = {c: sorted(p for p in paths if p.endswith(".csv")) for c, paths in first.reads.items()}
    assert sorted(csvs) == CHAPTERS
    assert "deaths.csv" in csvs["timeline"] and "laws.csv" not in csvs["timeline"]
    assert {"laws.csv", "investigations.csv", "investigation_milestones.csv"} <= set(csvs["justice"])
    # the data chapter counts the rows of every table: it reads them all
    assert len(csvs["data"]) == 13
    # the fixture has no descriptor of its own: the shipped one was read, the folder's was looked for
    assert "datapackage.json" in first.reads["timeline"]


def test_editing_a_table_reexecutes_only_the_chapters_that_read_it(built):
    base, kwargs, first = built
    readers = sorted(c for c, paths in first.reads.items() if "laws.csv" in paths)
    assert "justice" in readers and "timeline" not in readers and "regional" not in readers
    path = Path(kwargs["data_dir"]) / "laws.csv"
    original = path.read_text()
    try:
        path.write_text(original.replace("Fixture law,Invented.", "Fixture law,Invented and edited."))
        result = build(**kwargs)
        assert sorted(result.executed) == readers and result.compiled
        assert sorted(result.cached) == sorted(set(CHAPTERS) - set(readers))
    finally:
        path.write_text(original)
    again = build(**kwargs)  # back to the first data: every chapter is in the cache again
    assert again.executed == [] and sorted(again.cached) == CHAPTERS


def test_a_damaged_book_is_rebuilt_not_skipped(built):
    base, kwargs, _ = built
    page = base / "html" / "chapters" / "sources.html"
    page.unlink()
    result = build(**kwargs)
    assert result.executed == [] and not result.unchanged and result.compiled
    assert page.is_file()


def test_failing_notebook_fails_build_and_keeps_old_book(built):
    base, kwargs, _ = built
    before = tree_digest(base / "html")
    with pytest.raises(BuildError) as info:
        # a value of the right type that the chapter cannot handle: no death in Amazonas (01)
        # (a value of the wrong type, such as date_basis=date_of_birth, no longer reaches a chapter)
        build(**kwargs, overrides=["timeline.departments=01"])
    message = str(info.value)
    assert "Chapter 'timeline' (chapters/timeline.ipynb) failed: ValueError" in message
    assert "--- failing cell" in message
    assert "Traceback" in message or "----> " in message
    assert tree_digest(base / "html") == before


def test_bad_data_stops_before_anything_runs(built, tmp_path):
    base, kwargs, _ = built
    before = tree_digest(base / "html")
    bad = tmp_path / "data"
    shutil.copytree(TINY, bad)
    (bad / "deaths.csv").write_text((bad / "deaths.csv").read_text().replace("D004,,unnamed,34,", "D004,,unnamed,x,"))
    with pytest.raises(BuildError, match=r"deaths.csv, row 5, column 'age', value 'x': breaks rule 'type-integer'"):
        build(**{**kwargs, "data_dir": bad})
    assert tree_digest(base / "html") == before


def test_parameter_values_are_checked_against_the_data(built):
    base, kwargs, _ = built
    before = tree_digest(base / "html")
    with pytest.raises(UsageError, match=r"-p timeline.include_deaths: D099 is not in deaths.csv"):
        build(**kwargs, overrides=["include_deaths=D099"])
    with pytest.raises(UsageError, match=r"-p regional.claim_id: nope is not in claims.csv"):
        build(**kwargs, overrides=["regional.claim_id=nope"])
    with pytest.raises(UsageError, match=r"-p justice.as_of=2024: '2024' is not a date"):
        build(**kwargs, overrides=["justice.as_of=2024"])
    assert tree_digest(base / "html") == before


def test_unknown_parameter_is_an_error(built):
    _, kwargs, _ = built
    with pytest.raises(UsageError, match="no chapter declares a parameter 'strat'"):
        build(**kwargs, overrides=["strat=2023-01-01"])
    with pytest.raises(UsageError, match="there is no chapter 'timelime'"):
        build(**kwargs, overrides=["timelime.start=2023-01-01"])


def test_changed_data_reexecutes_and_updates(built, tmp_path):
    base, kwargs, _ = built
    data = Path(kwargs["data_dir"])
    path = data / "deaths.csv"
    original = path.read_text()
    try:  # D009 becomes a counted death: 10 counted, and the final count follows
        path.write_text(original.replace("not_applicable,not_counted,", "not_applicable,counted,"))
        counts = data / "official_counts.csv"
        counts_text = counts.read_text()
        counts.write_text(counts_text.replace("2023-03-31,6,1,1,1,9,", "2023-03-31,6,1,1,2,10,"))
        result = build(**kwargs)
        # every chapter reads deaths.csv, and each one that does is executed again
        assert sorted(result.executed) == sorted(c for c, p in result.reads.items() if "deaths.csv" in p) == CHAPTERS
        assert result.compiled
        text = text_of(base / "html" / "chapters" / "timeline.html")
        assert "10 people died" in text
    finally:
        path.write_text(original)
        counts.write_text(counts_text)


def test_parameter_override_reaches_the_chapter(built, tmp_path):
    _, kwargs, _ = built
    out = tmp_path / "html"
    build(**kwargs)  # bring the cache up to date whatever ran before
    result = build(**{**kwargs, "out_dir": out}, overrides=["start=2022-12-12", "timeline.end=2023-01-31"])
    # only the chapters that declare these parameters run again
    with_start = sorted(p.name for p in read_toc(REPO_ROOT) if p.is_notebook and "start" in notebook_parameters(p.source))
    assert "timeline" in with_start
    assert sorted(result.executed) == with_start
    assert sorted(result.cached) == [c for c in CHAPTERS if c not in with_start]
    text = text_of(out / "chapters" / "timeline.html")
    # 51 days from 12 Dec to 31 Jan; D001 (11 Dec) and D010 (5 Mar) are outside
    assert "Of the 51 days from 12 December 2022 to 31 January 2023" in text
    assert "2 deaths dated outside the period shown are left out of the daily figures" in text


def test_sphinx_failure_keeps_old_book(built, tmp_path):
    """A broken page fails the Jupyter Book step (warnings are errors); the published
    book stays as it was."""
    base, kwargs, _ = built
    root = tmp_path / "root"
    root.mkdir()
    for name in ["_config.yml", "_toc.yml", "CITATION.cff", "intro.md", "data-and-code.md"]:
        shutil.copy2(REPO_ROOT / name, root / name)
    shutil.copytree(REPO_ROOT / "chapters", root / "chapters")
    (root / "intro.md").write_text((root / "intro.md").read_text() + "\nSee {ref}`no-such-label`.\n")
    before = tree_digest(base / "html")
    with pytest.raises(BuildError, match="no-such-label"):
        build(**{**kwargs, "build_dir": tmp_path / "build"}, root=root)
    assert tree_digest(base / "html") == before


def test_cli_build_reports_failure_with_exit_code(built):
    base, kwargs, _ = built
    proc = subprocess.run(
        [sys.executable, "-m", "peru_protests", "build", "--data", str(kwargs["data_dir"]),
         "--out", str(base / "html"), "-p", "nonexistent=1"],
        capture_output=True, text=True, cwd=REPO_ROOT)
    assert proc.returncode == 2
    assert "no chapter declares a parameter 'nonexistent'" in proc.stderr


def test_chapter_runs_on_its_own_with_papermill(tmp_path):
    """A reader can execute one chapter outside the build, on any data directory."""
    out = tmp_path / "timeline.ipynb"
    proc = subprocess.run(
        [sys.executable, "-m", "papermill", str(REPO_ROOT / "chapters" / "timeline.ipynb"), str(out),
         "-p", "data_dir", str(TINY), "-p", "start", "2022-12-12", "--cwd", str(tmp_path)],
        capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    import nbformat

    nb = nbformat.read(out, as_version=4)
    glued = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook", {})
            if "name" in scrap:
                data = output["data"]
                glued[scrap["name"]] = data.get(scrap["mime_prefix"] + "text/markdown",
                                                data.get(scrap["mime_prefix"] + "text/plain"))
    # D001 died on 11 Dec, before the window: 8 of the 9 counted deaths remain, from D002 (14 Dec)
    assert glued["toll"].startswith("Between 14 December 2022 and 5 March 2023, 8 people died")
    assert glued["day_by_day"].startswith("Of the 110 days from 12 December 2022 to 31 March 2023")


def test_same_inputs_give_the_same_book(built, tmp_path):
    _, kwargs, _ = built
    build(**{**kwargs, "out_dir": tmp_path / "one"}, force=True)
    build(**{**kwargs, "out_dir": tmp_path / "two"}, force=True)
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_derived_build_says_how_it_was_run_and_cites_itself_as_derived(built, tmp_path):
    _, kwargs, _ = built
    out = tmp_path / "html"
    build(**{**kwargs, "out_dir": out}, overrides=["regional.threshold=40"])
    fingerprint = __import__("peru_protests.cache", fromlist=["x"]).data_digest(Path(kwargs["data_dir"]))[:12]
    for page in ["intro.html"] + [f"chapters/{c}.html" for c in CHAPTERS]:
        html = (out / page).read_text(encoding="utf-8")
        assert 'rel="canonical"' not in html, page
        assert "bd-header-announcement" in html and "Derived build, not the official book" in html, page
        assert fingerprint in html, page
    text = text_of(out / "chapters" / "regional.html")
    # the box shows the value used, not the notebook's default 50.0, and the prose agrees
    assert "How this chapter was run" in text
    assert re.search(r"threshold\s+40\s+\(set with\s+-p\s*\)", text)
    assert "every region above 40 %" in text
    assert "described by the descriptor shipped with the book" in text
    compact = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", (out / "chapters" / "regional.html").read_text()))
    assert "@incollection{peruprotests" in compact and "-regional-derived," in compact
    assert "parametersregional.threshold=40" in compact
    intro = (out / "intro.html").read_text(encoding="utf-8")
    assert re.search(r"<h2>How to cite this book", intro) and "@book{peruprotests" in re.sub(r"<[^>]+>", "", intro)
    assert "\\#" not in intro and "\\[" not in intro  # the home page's own Markdown is not escaped
    # every named figure has a "cite this figure" line; download names do not depend on the data
    assert "Cite this figure" in text_of(out / "chapters" / "timeline.html")
    name = "chapters/downloads/timeline_waves.csv"
    assert (out / "_downloads" / hashlib.md5(name.encode()).hexdigest() / "timeline_waves.csv").is_file()
    # the parameters cell (the notebook's defaults) is not shown
    assert "threshold = 50.0" not in (out / "chapters" / "regional.html").read_text()


def test_official_build_info_and_config(tmp_path):
    from peru_protests import build as build_mod
    from peru_protests import descriptor as descriptors

    root = tmp_path / "repo"
    shutil.copytree(TINY, root / "data")
    shutil.copy(REPO_ROOT / "CITATION.cff", root / "CITATION.cff")
    pages = [p for p in read_toc(REPO_ROOT)]
    info = build_mod._build_info(root, (root / "data").resolve(), "f" * 64, descriptors.read(root / "data"), pages)
    assert info.derived is False and info.fingerprint == "f" * 12
    config = root / "_config.yml"
    shutil.copy(REPO_ROOT / "_config.yml", config)
    from peru_protests.stage import stage_config

    stage_config(config, info)
    assert "baseurl" in config.read_text() and "announcement" not in config.read_text()
    mine = build_mod._build_info(root, TINY, "f" * 64, descriptors.read(TINY), pages)
    assert mine.derived is True


def test_walkthrough_own_descriptor_new_table_and_included_death(built, tmp_path):
    """A researcher's folder: its own descriptor (new version, a new table), a death the
    Ombudsman did not list included by parameter; every chapter reflects it."""
    import json

    _, kwargs, _ = built
    data = tmp_path / "my-data"
    shutil.copytree(TINY, data)
    package = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    package["version"] = "9.0.0-mine"
    package["x-changelog"].insert(0, {"version": "9.0.0-mine", "date": "2026-01-01", "changes": "My marches table."})
    package["resources"].append({
        "name": "marches", "path": "marches.csv", "title": "Marches", "description": "My marches.",
        "schema": {"fields": [{"name": "march_id", "type": "string", "description": "Id.",
                               "constraints": {"required": True, "unique": True}},
                              {"name": "marchers", "type": "integer", "description": "People marching."}],
                   "primaryKey": ["march_id"]}})
    (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (data / "marches.csv").write_text("march_id,marchers\nM1,1200\nM2,800\nM3,5\n", encoding="utf-8")
    out = tmp_path / "html"
    build(**{**kwargs, "data_dir": data, "out_dir": out}, overrides=["include_deaths=D009"])
    text = text_of(out / "chapters" / "data.html")
    assert "This is version 9.0.0-mine of the data" in text
    assert "Marches marches.csv 3 My marches." in text and "My marches table." in text
    assert "described by the descriptor shipped" not in text
    timeline_text = text_of(out / "chapters" / "timeline.html")
    # 9 counted or unresolved deaths in the fixture, plus D009, which the Ombudsman did not list
    assert "10 people died" in timeline_text
    assert "include 1 that the Ombudsman’s final list does not" in timeline_text
    # the Ombudsman's count stays 9
    assert "This is more than the Ombudsman’s final count of 9, dated" in timeline_text
    compact = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", (out / "chapters" / "justice.html").read_text()))
    assert "timeline.include_deaths=D009" in compact and "9.0.0-mine" in compact


# --- reader text: no template marks or internal identifiers ---------------------------

READER_PAGES = ["intro.html", "chapters/timeline.html", "chapters/data.html", "chapters/sources.html"]


def reader_text(html_file: Path) -> str:
    """The text a reader reads on a page: the article without code cells, collapsed blocks
    (method notes, the box on how the chapter was run, source lists), citation blocks, the
    Data chapter's dictionary (field names belong there) and the bibliography, whose first
    column is the short name by which the data cite each source."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article") or soup
    drop = ["details", ".dropdown", ".cell_input", "pre", "section#data-dictionary",
            "section#versions-and-changes", "table#tbl-sources-all", "table#tbl-data-tables"]
    for selector in drop:
        for node in article.select(selector):
            node.decompose()
    return re.sub(r"\s+", " ", article.get_text(" "))


def internal_identifiers(data_dir: Path) -> dict[str, re.Pattern]:
    import json

    import pandas as pd

    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    columns = {f["name"] for r in descriptor["resources"] for f in r["schema"]["fields"] if "_" in f["name"]}
    params = {name for page in read_toc(REPO_ROOT) if page.is_notebook
              for name in notebook_parameters(page.source) if "_" in name}
    sources = set(pd.read_csv(data_dir / "sources.csv")["source_id"])
    files = {r["path"] for r in descriptor["resources"]}

    def words(items):
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))
                          + r")(?![\w-])")

    return {"template plural": re.compile(r"\w\(s\)"), "death id": re.compile(r"\bD\d{3}\b"),
            "column name": words(columns), "parameter name": words(params), "source id": words(sources),
            "file name": words(files)}


def test_reader_text_has_no_template_marks_or_internal_names(built):
    base, _, _ = built
    patterns = internal_identifiers(TINY)
    found = {}
    for page in READER_PAGES:
        text = reader_text(base / "html" / page)
        assert len(text) > 200, page  # the page has reader text at all
        for kind, pattern in patterns.items():
            hits = sorted(set(m.group(0) for m in pattern.finditer(text)))
            if hits:
                found[f"{page}: {kind}"] = hits
    assert found == {}


def test_reader_text_scan_catches_what_it_should(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<article><p>2 wave(s) in the as_of period; D010 (fix-a) in deaths.csv, name_published</p>"
                    "<details><p>D001 in date_of_death</p></details>"
                    "<div class='cell_input'><pre>as_of = None</pre></div></article>", encoding="utf-8")
    text = reader_text(page)
    patterns = internal_identifiers(TINY)
    hits = {kind: sorted(set(m.group(0) for m in p.finditer(text))) for kind, p in patterns.items()}
    assert hits == {"template plural": ["e(s)"], "death id": ["D010"], "column name": ["as_of", "name_published"],
                    "parameter name": ["as_of"], "source id": ["fix-a"], "file name": ["deaths.csv"]}
