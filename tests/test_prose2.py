"""Reader text of the regional and justice chapters: plural forms, the key findings and the
figures table worked out by hand on the tiny fixture, locale order, and a scan of the built
pages for template marks and internal names outside the collapsed method blocks."""

import re
from pathlib import Path

import pandas as pd
import pytest

from peru_protests import data, i18n, justice, justice_prose, justice_text, regional_text, timeline

TINY = Path(__file__).parent / "fixtures" / "tiny"


@pytest.mark.parametrize("n, en, es", [
    (0, "No investigation of the killings had reached an accusation by the as-of date.",
     "Ninguna investigación de las muertes había llegado a la acusación a la fecha de corte."),
    (1, "1 investigation of the killings had reached an accusation by the as-of date.",
     "1 investigación de las muertes había llegado a la acusación a la fecha de corte."),
    (2, "2 investigations of the killings had reached an accusation by the as-of date.",
     "2 investigaciones de las muertes habían llegado a la acusación a la fecha de corte."),
])
def test_accused_plurals(n, en, es):
    assert justice_prose.accused_text(n, "en") == en
    assert justice_prose.accused_text(n, "es") == es


def test_unplaced_and_status_plurals():
    assert regional_text.unplaced_text(0) == "The sources give the region of every death counted."
    assert regional_text.unplaced_text(1) == "1 death whose region the sources do not give is left out of every rate."
    assert regional_text.unplaced_text(2, "es") == ("2 muertes cuya región las fuentes no indican quedan fuera de "
                                                    "todas las tasas.")
    recs = pd.DataFrame({"status_then": ["met", "not_met", "not_met"]})
    assert justice_prose.status_text(recs, justice.STATUS_ORDER) == "1 met and 2 not met"
    assert justice_prose.status_text(recs, justice.STATUS_ORDER, "es") == "1 cumplida y 2 no cumplidas"


def test_regions_in_locale_order():
    assert regional_text.group_names(["Puno", "Áncash", "Ayacucho"]) == "Áncash, Ayacucho and Puno"
    assert regional_text.group_names(["Puno", "Áncash"], "es") == "Áncash y Puno"
    frame = pd.DataFrame({"name": ["Puno", "Lima", "Áncash"], "rate": [0.0, 0.0, 0.0]})
    assert regional_text.by_name(frame)["name"].tolist() == ["Áncash", "Lima", "Puno"]


@pytest.fixture(scope="module")
def tiny_facts():
    ds = data.load(TINY)
    inv, ms = ds.investigations, ds.investigation_milestones
    day = justice.latest_date(inv, ms, ds.laws, ds.recommendations, ds.caseload)
    deaths = timeline.select_deaths(ds.deaths, ["counted", "unresolved"], ["civilian_clash", "custody"])
    fun = justice.funnel(justice.victim_paths(deaths, inv, ms, day))
    compare = justice.kind_comparison(inv, ms, day)
    return justice_text.facts(dict(zip(fun["step"], fun["deaths"])), compare, deaths, day, True), ds


def test_justice_findings_on_the_tiny_fixture(tiny_facts):
    f, _ = tiny_facts
    # 6 deaths; D003-D005 in case B, formalised 1 Jun 2023; nothing accused or judged; the
    # protester case was judged on 20 Feb 2023, 71 days after the first death (11 Dec 2022).
    assert (f["deaths"], f["formalised"], f["accusation"], f["judgement"]) == (6, 3, 0, 0)
    assert f["protester_first_judgement"] == pd.Timestamp("2023-02-20") and f["days_to_protester_judgement"] == 71
    text = justice_text.home_findings(f)
    assert text.splitlines()[0] == (
        "- By 1 December 2024, none of the 6 deaths counted was in a case that had reached a judgement: the cases "
        "of 3 of them had been formalised, and none had reached an accusation ({numref}`fig-justice-funnel`).")
    assert "came on 20 February 2023, 71 days after the first death counted" in text.splitlines()[1]
    es = justice_text.home_findings(f, "es")
    assert es.startswith("- Al 1 de diciembre de 2024, ninguna de las 6 muertes contadas")
    assert "71 días después" in es


def test_figures_table_of_the_special_team(tiny_facts):
    _, ds = tiny_facts
    series = justice.caseload_as_of(ds.caseload, "2024-12-01")
    table = justice_prose.figures_table(series)
    assert table.values.tolist() == [
        ["Prosecutors assigned", "4", "1 Apr 2023", "Fixture Office"],
        ["Investigations open", "5", "1 Feb 2023", "Fixture Office"],
        ["Investigations open", "about 7", "1 Jan 2024", "Fixture Office"],
        ["Investigations formalised", "1", "1 Jun 2023", "Fixture Office"],
        ["Protesters detained", "at least 30", "20 Jan 2023", "Fixture Office"]]
    es = justice_prose.figures_table(series, "es")
    assert list(es.columns) == ["Qué se cuenta", "Cifra", "Fecha", "Informado por"]
    assert es.iloc[2, 1] == "unos 7"


def plain(text: str) -> str:
    """Markdown with its escapes removed (values pass through the escaping layer)."""
    return re.sub(r"\\(.)", r"\1", text)


def test_regional_findings_choose_their_verdict():
    f = {"ratio": 30.4, "lower": 4.97, "upper": 120.4, "n_group": 6, "threshold": 50.0, "measure": "mother_tongue",
         "categories": ["civilian_clash"], "as_of": None, "claim_org": "Amnesty International",
         "claim_date": pd.Timestamp("2023-02-16"), "claimed_pct": 80.0, "share": 0.84, "group_deaths": 42,
         "deaths": 50}
    text = plain(regional_text.home_findings(f, 2.5))
    assert "about 30 times that of the rest of Peru" in text and "runs from 5.0 to 120" in text
    assert "hold 84.0% of the civilians killed in clashes (42 of 50 deaths): higher than claimed (by 4.0 points)" in text
    f.update(share=0.81)
    assert "about the same as claimed (within 2.5 points)" in plain(regional_text.home_findings(f, 2.5))
    f.update(lower=0.8)
    assert "does not exclude an equal rate" in regional_text.home_findings(f, 2.5)
    es = plain(regional_text.home_findings(f, 2.5, "es"))
    assert "aproximadamente igual a lo afirmado (dentro de 2.5 puntos)" in es and "no descarta una tasa igual" in es


def _reader_text(page: Path) -> str:
    import bs4
    soup = bs4.BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.select(".dropdown, .cell_input, .tag_parameters, script, style, .runinfo, details"):
        hidden.decompose()
    main = soup.select_one("main") or soup
    return re.sub(r"\s+", " ", main.get_text(" "))


TEMPLATE_MARKS = [r"\w\(s\)", r"of this kind: \d", r"by then: \d", r"\bas_of\b", r"date_of_death", r"\{numref\}",
                  r"\{glue"]
DATA_TERMS = [r"fact base", r"protesters_prosecuted row", r"boluarte-complaint-dc-509", r"events\.csv dates"]


@pytest.mark.parametrize("page", ["regional", "justice"])
def test_built_pages_have_no_template_marks(page, shipped_book):
    path = shipped_book / "chapters" / f"{page}.html"
    text = _reader_text(path)
    found = [m.group(0) for pattern in TEMPLATE_MARKS for m in re.finditer(pattern, text)]
    assert not found, found


def test_built_justice_page_has_no_internal_terms_from_the_data(shipped_book):
    path = shipped_book / "chapters" / "justice.html"
    text = _reader_text(path)
    assert not [m.group(0) for pattern in DATA_TERMS for m in re.finditer(pattern, text)]


def test_every_sentence_of_the_two_chapters_has_its_spanish():
    from babel.messages.extract import extract_from_file

    keywords = {"_": (2,), "n_": (2, 3), "p_": ((2, "c"), 3)}
    catalogue = i18n.catalogue("es")
    missing = []
    for module in ("justice_text", "justice_prose", "justice_tables", "regional_text", "regional_prose", "regional_tables", "verdicts"):
        path = Path(justice.__file__).parent / f"{module}.py"
        for _line, msg, _comments, context in extract_from_file("python", str(path), keywords=keywords):
            entry = catalogue.get(msg, context=context)
            strings = entry.string if entry is not None else None
            if not strings or (isinstance(strings, tuple) and not all(strings)):
                missing.append((module, msg))
    assert not missing, missing
    # Spanish plurals have three forms (one, many = whole millions, other)
    assert i18n.n_("es", "{k} met", "{k} met", 1_000_000) == "{k} cumplidas"


def _blocks(text: str) -> list[str]:
    """Markdown blocks as the page catalogues count them: separated by blank lines, a fenced
    block (``` or :::) with its content being one block even across blank lines."""
    out, current, fence = [], [], None
    for line in text.split("\n"):
        stripped = line.strip()
        if fence:
            current.append(line)
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        opening = re.match(r"^(`{3,}|:{3,})", stripped)
        if opening:
            fence = opening.group(1)
            current.append(line)
        elif not stripped:
            if current:
                out.append("\n".join(current))
                current = []
        else:
            current.append(line)
    if current:
        out.append("\n".join(current))
    return out


ROLES = re.compile(r"\{(?:glue:\w+|numref)\}`[^`]+`|```\{glue:\w+\}[^\n]*|:name: \S+|:class: \S+|:format: \S+")


@pytest.mark.parametrize("page", ["regional", "justice"])
def test_every_markdown_block_of_the_page_has_its_spanish(page):
    import nbformat
    from babel.messages.pofile import read_po

    path = Path(justice.__file__).parent / "locale" / "es" / "LC_MESSAGES" / f"page-{page}.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale="es_PE")
    context = f"chapters/{page}.ipynb"
    nb = nbformat.read(Path(__file__).parents[1] / context, as_version=4)
    blocks = [b for cell in nb.cells if cell.cell_type == "markdown" for b in _blocks(cell.source)]
    for block in blocks:
        entry = catalogue.get(block, context=context)
        assert entry is not None and entry.string, block[:80]
        assert sorted(ROLES.findall(block)) == sorted(ROLES.findall(entry.string)), block[:80]
