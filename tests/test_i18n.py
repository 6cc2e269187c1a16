"""The language layer: catalogue lookups with plural rules and contexts, and Babel's
locale formats for the two editions (values checked against Babel's CLDR data by hand)."""

import pandas as pd
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from peru_protests import i18n


@pytest.fixture
def spanish(tmp_path, monkeypatch):
    cat = Catalog(locale="es_PE", domain="book")
    cat.add("{n} people died.", "Murieron {n} personas.")
    # CLDR's Spanish has three plural forms: one, many (whole millions), other.
    cat.add(("{n} road blockade", "{n} road blockades"),
            ("{n} bloqueo de vías", "{n} de bloqueos de vías", "{n} bloqueos de vías"))
    cat.add("March", "marzo", context="month")
    cat.add("Untranslated yet", "")
    cat.add("Draft", "Borrador", flags=["fuzzy"])
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "timeline.po").open("wb") as handle:
        write_po(handle, cat)
    monkeypatch.setattr(i18n, "CATALOGUES", tmp_path)
    i18n.catalogue.cache_clear()
    i18n.translations.cache_clear()
    yield
    i18n.catalogue.cache_clear()
    i18n.translations.cache_clear()


def test_messages_plurals_and_contexts_come_from_the_catalogue(spanish):
    assert i18n._("es", "{n} people died.") == "Murieron {n} personas."
    assert i18n._("en", "{n} people died.") == "{n} people died."
    assert i18n.n_("es", "{n} road blockade", "{n} road blockades", 1) == "{n} bloqueo de vías"
    assert i18n.n_("es", "{n} road blockade", "{n} road blockades", 4) == "{n} bloqueos de vías"
    assert i18n.n_("es", "{n} road blockade", "{n} road blockades", 2_000_000) == "{n} de bloqueos de vías"
    assert i18n.n_("en", "{n} road blockade", "{n} road blockades", 0) == "{n} road blockades"
    assert i18n.p_("es", "month", "March") == "marzo"
    # Empty and fuzzy entries are not translations: the English id is shown (and the
    # catalogue test fails the build's tests for them).
    assert i18n._("es", "Untranslated yet") == "Untranslated yet"
    assert i18n._("es", "Draft") == "Draft"


def test_formats_follow_the_locale_data():
    assert i18n.day("en", pd.Timestamp("2022-12-15")) == "15 December 2022"
    assert i18n.day("es", "2022-12-15") == "15 de diciembre de 2022"
    assert i18n.month("es", "2023-01-09") == "enero de 2023"
    assert i18n.percent("en", 0.8163, 1) == "81.6%"
    assert i18n.number("en", 12345.678, 1) == "12,345.7"
    assert i18n.number("en", 3, 2) == "3.00"
    # CLDR's Peruvian Spanish writes decimals with a point and groups with a comma.
    assert i18n.number("es", 12345.678, 1) == "12,345.7"
    assert i18n.listing("en", ["Puno", "Ayacucho", "Apurímac"]) == "Puno, Ayacucho and Apurímac"
    assert i18n.listing("es", ["Puno", "Ayacucho", "Apurímac"]) == "Puno, Ayacucho y Apurímac"


def test_sorting_puts_ancash_among_the_a():
    assert i18n.sorted_text("es", ["Puno", "Áncash", "Ayacucho", "apurímac", "Lima"]) == [
        "Áncash", "apurímac", "Ayacucho", "Lima", "Puno"]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="editions en, es"):
        i18n.day("fr", "2022-12-15")


def test_a_value_in_both_languages_is_shown_in_english_and_carries_spanish():
    from peru_protests import markup

    value = i18n.Both({"en": markup.Md("**5** deaths"), "es": markup.Md("**5** muertes")})
    bundle, metadata = markup._bundles(value, lambda v: {"text/markdown": markup.render(v)})
    assert bundle == {"text/markdown": "**5** deaths"}
    assert metadata == {markup.LANG_KEY: {"es": {"text/markdown": "**5** muertes"}}}
    assert markup._bundles("a*b", lambda v: {"text/markdown": markup.render(v)}) == ({"text/markdown": "a\\*b"}, {})
    with pytest.raises(ValueError, match="no value for es"):
        i18n.Both({"en": 1})
    assert i18n.both(lambda x, lang: f"{x}-{lang}", 3) == {"en": "3-en", "es": "3-es"}


def test_every_catalogue_file_of_a_language_is_read_and_conflicts_are_refused(spanish, tmp_path):
    extra = Catalog(locale="es_PE", domain="book")
    extra.add("Figure source", "Fuente de la figura")
    with (tmp_path / "es" / "LC_MESSAGES" / "figures.po").open("wb") as handle:
        write_po(handle, extra)
    i18n.catalogue.cache_clear()
    i18n.translations.cache_clear()
    assert i18n._("es", "Figure source") == "Fuente de la figura"
    assert i18n._("es", "{n} people died.") == "Murieron {n} personas."
    extra.add("{n} people died.", "Fallecieron {n} personas.")
    with (tmp_path / "es" / "LC_MESSAGES" / "figures.po").open("wb") as handle:
        write_po(handle, extra)
    i18n.catalogue.cache_clear()
    with pytest.raises(ValueError, match="translated differently"):
        i18n.catalogue("es")
