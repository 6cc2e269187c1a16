"""Figures that travel: credit lines from the rows plotted, phone-legible SVGs, identical
bytes on two renders, the figure block, alt texts with their numbers, and downloads with
ISO dates, per-cent shares and a metadata sidecar (values worked out by hand on the tiny
fixture)."""

import json

import pandas as pd
import pytest

from peru_protests import data, downloads, figure_alt, figure_text, figures, i18n, plotting, timeline
from peru_protests.cite import book_meta

from conftest import TINY


@pytest.fixture(scope="module")
def ds():
    return data.load(TINY)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plotting.use_style()
    return tmp_path


TITLE = book_meta().title


def test_credit_names_exactly_the_publishers_of_the_rows_plotted(ds):
    deaths = ds.deaths
    # fix-a (official) cites D001, D002, D010; fix-c (ngo) D006-D009; fix-b (press) D002-D005:
    # the state first, then human-rights organisations, then the press.
    assert figures.publishers(ds, deaths) == ["Fixture Office", "Fixture NGO", "Fixture News"]
    assert figures.credit(ds, deaths) == (f"Data: Fixture Office, Fixture NGO and Fixture News. "
                                          f"Chart: {TITLE}, CC BY 4.0.")
    only_press = deaths[deaths["death_id"].isin(["D003", "D004", "D005"])]
    assert figures.credit(ds, only_press) == f"Data: Fixture News. Chart: {TITLE}, CC BY 4.0."


def test_credit_counts_the_publishers_it_does_not_name(ds, monkeypatch):
    monkeypatch.setattr(figures, "CREDIT_NAMED", 1)
    assert figures.credit(ds, ds.deaths).startswith("Data: Fixture Office and 2 other publishers. ")
    one_more = ds.deaths[ds.deaths["death_id"].isin(["D001", "D003"])]  # two publishers: both named
    assert figures.credit(ds, one_more).startswith("Data: Fixture Office and Fixture News. ")


def test_min_font_is_read_from_the_svg_and_scaled_to_the_phone_column():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="432pt" height="300pt">'
           '<g transform="translate(1 2) scale(0.14 -0.14)"></g>'
           '<g transform="translate(5 6) rotate(-90) scale(0.16 -0.16)"></g></svg>')
    assert figures.font_sizes_pt(svg) == pytest.approx([14, 16])
    # 14 pt = 18.67 px in a 576-px-wide image shown 343 px wide: 18.67 * 343 / 576 = 11.12 px
    assert figures.min_font_css_px(svg) == pytest.approx(14 * 343 / 432)
    narrow = svg.replace('width="432pt"', 'width="216pt"')  # 288 px: shown at its own size
    assert figures.min_font_css_px(narrow) == pytest.approx(14 * 4 / 3)


def _timeline_block(ds, folder, lang="en"):
    deaths = timeline.select_deaths(ds.deaths, ["counted", "unresolved"])
    daily = timeline.daily_deaths(deaths, "2022-12-07", "2023-03-31")
    key = timeline.key_events(ds.events, "2022-12-07", "2023-03-31")
    return figures.block(plotting.timeline_figure, daily, key, name="fig-timeline-deaths", dataset=ds, rows=deaths,
                         data=daily, index=True, folder=folder, title=figure_text.timeline_title,
                         caption=i18n.both(figure_text.timeline_caption, "date_of_death"),
                         alt=i18n.both(figure_text.timeline_alt, daily), lang=lang)


def test_block_writes_legible_identical_files_and_the_figure_directive(ds, in_tmp):
    text = _timeline_block(ds, "one")
    _timeline_block(ds, "two")
    for suffix in ("en.svg", "en.png"):
        first = (in_tmp / "one" / f"fig-timeline-deaths.{suffix}").read_bytes()
        assert first == (in_tmp / "two" / f"fig-timeline-deaths.{suffix}").read_bytes()
    svg = (in_tmp / "one" / "fig-timeline-deaths.en.svg").read_text()
    assert figures.min_font_css_px(svg) >= 11
    # the credit is drawn as paths; matplotlib keeps the text (wrapped) in a comment
    assert f"Data: Fixture Office, Fixture NGO and Fixture News. Chart: {TITLE}, CC BY 4.0." in figures.svg_texts(svg)
    lines = text.splitlines()
    assert lines[0] == "```{figure} one/fig-timeline-deaths.en.svg"
    assert lines[1] == ":name: fig-timeline-deaths"
    # tiny fixture, counted and unresolved deaths: 10 rows, D001-D010 between 11 Dec and 5 Mar
    assert lines[2].startswith(":alt: ")
    assert "{download}`chart (SVG) <one/fig-timeline-deaths.en.svg>`" in text
    assert "{download}`data (CSV) <one/fig-timeline-deaths.csv>`" in text
    assert "{download}`metadata (JSON) <one/fig-timeline-deaths.json>`" in text


def test_timeline_alt_states_the_total_the_peak_and_the_groups():
    days = pd.date_range("2023-01-08", "2023-01-10")
    daily = pd.DataFrame({"civilians_clashes": [1, 4, 0], "security_forces": [0, 1, 0], "blockade": [0, 0, 0],
                          "custody": [0, 0, 0]}, index=days)
    assert figure_text.timeline_alt(daily) == (
        "6 deaths from 8 January 2023 to 10 January 2023; the deadliest day was 9 January 2023 (5 deaths). "
        "By group: Civilians killed in clashes with security forces: 5; Police and military: 1.")


def test_other_alt_texts_carry_their_numbers():
    inside = pd.Series([True, True, False, None], index=["a", "b", "c", "d"], dtype="object")
    assert figure_text.emergency_alt(inside) == ("Of the deaths with a known place and date, 2 deaths happened "
                                                 "under a state of emergency or curfew and 1 death outside one.")
    fun = pd.DataFrame({"step": ["deaths", "in_case", "formalised", "accusation", "trial", "judgement"],
                        "deaths": [49, 47, 47, 0, 0, 0]})
    assert figure_alt.funnel_alt(fun) == ("Of 49 deaths, 47 in a case with a dated step, 47 formalised, 0 at "
                                          "accusation, 0 at trial and 0 with a judgement.")
    bars = pd.DataFrame({"quantity": ["Population of Peru", "Deaths in the same periods"], "share": [0.128, 0.826]})
    assert figure_alt.exposure_alt(bars) == ("The group's share of each quantity: Population of Peru: 13%; "
                                             "Deaths in the same periods: 83%.")


def test_downloads_have_iso_dates_and_shares_in_per_cent_labelled_so():
    frame = pd.DataFrame({"date": pd.to_datetime(["2023-01-09", "2023-02-01"]), "death_share": [0.8163, 0.5],
                          "share": [0.25, 1.0], "shared_by": ["a", "=b"], "deaths": [3, 4]})
    out = downloads.for_download(frame)
    assert list(out.columns) == ["date", "death_share_percent", "share_percent", "shared_by", "deaths"]
    assert list(out["date"]) == ["2023-01-09", "2023-02-01"]
    assert list(out["death_share_percent"]) == pytest.approx([81.63, 50.0])
    assert list(out["share_percent"]) == pytest.approx([25.0, 100.0])
    assert list(out["shared_by"]) == ["a", "'=b"]  # a formula is neutralised; 'shared' is not a share


def test_book_markup_becomes_plain_text_in_a_csv():
    from peru_protests.markup import code, escape, link

    frame = pd.DataFrame({"file": [code("deaths.csv")], "title": [link("A title", "https://x.org/a")],
                          "note": [escape("a.b (c)")]})
    assert downloads.for_download(frame).iloc[0].tolist() == ["deaths.csv", "A title (https://x.org/a)", "a.b (c)"]


def test_table_block_writes_the_table_and_its_sidecar_by_label(ds, in_tmp):
    text = downloads.table_block(ds.deaths[["death_id", "date_of_death", "source_ids"]].head(2), "tbl-x-deaths",
                                 "Two deaths", dataset=ds, folder="dl")
    assert text == ("Download: {download}`this table (CSV) <dl/tbl-x-deaths.csv>` · "
                    "{download}`metadata (JSON) <dl/tbl-x-deaths.json>`")
    assert (in_tmp / "dl" / "tbl-x-deaths.csv").read_text().splitlines() == [
        "death_id,date_of_death,source_ids", "D001,2022-12-11,fix-a", "D002,2022-12-14,fix-a;fix-b"]
    meta = json.loads((in_tmp / "dl" / "tbl-x-deaths.json").read_text())
    assert meta["title"] == "Two deaths" and [s["source_id"] for s in meta["sources"]] == ["fix-b", "fix-a"]
    assert meta["citation"].endswith("“Two deaths”, in " + TITLE + ", version " + book_meta().version + ".")


def test_sidecar_describes_the_csv(ds, in_tmp):
    rows = ds.deaths[ds.deaths["death_id"].isin(["D001", "D002"])]
    meta = downloads.sidecar("x", "Title", "What it shows", ds, rows, "Cite me", ["date", "share_percent"])
    assert meta["title"] == "Title" and meta["citation"] == "Cite me" and meta["path"] == "x.csv"
    assert [s["source_id"] for s in meta["sources"]] == ["fix-b", "fix-a"]  # by publisher: News < Office
    assert meta["licenses"][0]["name"] == "CC-BY-4.0"
    assert meta["fields"][1] == {"name": "share_percent", "unit": "percent"}
    assert meta["data_version"] == str(ds.descriptor.get("version", ""))
    assert meta["derived_build"] is True  # the tiny fixture is not the book's data folder
    csv, side = downloads.write(pd.DataFrame({"a": [1]}), "x", "dl", meta=meta, lang="es")
    assert side.name == "x.es.json" and json.loads(side.read_text())["title"] == "Title"
    assert csv.read_text() == "a\n1\n"


def test_the_spanish_figure_is_drawn_in_spanish(ds, in_tmp):
    text = _timeline_block(ds, "es", lang="es")
    svg = (in_tmp / "es" / "fig-timeline-deaths.es.svg").read_text()
    drawn = figures.svg_texts(svg)
    assert "Muertes por día" in drawn and "Deaths per day" not in drawn
    assert "Datos: Fixture Office, Fixture NGO y Fixture News." in drawn
    assert "Descargar: {download}`gráfico (SVG) <es/fig-timeline-deaths.es.svg>`" in text
    assert (in_tmp / "es" / "fig-timeline-deaths.es.json").is_file()


def test_figure_labels_translate_whole_then_by_count_then_word_by_word():
    assert figures.translate("Deaths per day", "es") == "Muertes por día"
    assert figures.translate("9 deaths on a day", "es") == "9 muertes en un día"
    assert figures.translate("Wave 2", "es") == "Ola 2"
    assert figures.translate("05 Dec", "es") == "05 dic"
    assert figures.translate("Puno", "es") == "Puno"  # names stay as they are
    assert figures.translate("Deaths per day", "en") == "Deaths per day"


def test_svg_bytes_do_not_depend_on_rounding_noise_in_the_layout(tmp_path):
    """The constrained layout's solver can place an axes a few units in the last decimal
    place apart from one run to the next (CI saw it: two builds of the same data gave
    fig-justice-caseload SVGs that differed only in their clip-path ids, which matplotlib
    hashes from the unrounded clip box). The saved SVG must not carry that noise."""
    import matplotlib.pyplot as plt

    def render(nudge, stem):
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.plot([0, 1, 2], [1, 3, 2])
        left, bottom, width, height = 0.125, 0.11, 0.775, 0.77
        ax.set_position([left, bottom, width + nudge, height])
        svg, _png = figures.save(fig, tmp_path / stem)
        plt.close(fig)
        return svg.read_text(encoding="utf-8")

    with plt.style.context("default"):  # whatever style earlier tests left behind
        a, b = render(0.0, "a"), render(1e-13, "b")
    assert 'clip-path="url(#p' in a  # the figure has a clip box
    assert a == b
