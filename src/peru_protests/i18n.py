"""The book's languages: message catalogues and locale formats.

Every sentence, label and caption a reader sees is written in English in the code and
looked up, for another edition, in a gettext catalogue
(``src/peru_protests/locale/<lang>/LC_MESSAGES/book.po``) read with Babel. Numbers and
dates are formatted with Babel's locale data (``en`` and ``es_PE``), never by hand.

Use in package code (the English text is the message id; ``{name}`` placeholders are
filled afterwards, usually by :func:`peru_protests.markup.md`, which escapes the values)::

    from peru_protests.i18n import _, n_
    markup.md(_(lang, "{n} people died in {place}."), n=..., place=...)
    markup.md(n_(lang, "{n} road blockade", "{n} road blockades", count), n=count)

Extraction keywords for ``pybabel extract`` (see ``babel.cfg``): ``_:2``, ``n_:2,3``,
``p_:2c,3`` (a message with a context, for short words whose translation depends on
where they appear).
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import math
from pathlib import Path

import pandas as pd
from babel import Locale, dates, numbers
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGS = ("en", "es")
DEFAULT = "en"
LOCALES = {"en": "en_GB", "es": "es_PE"}
CATALOGUES = Path(__file__).parent / "locale"
DOMAIN = "book"


def check(lang: str) -> str:
    """``lang`` if the book has that edition, else a ValueError listing those it has."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: the book has the editions {', '.join(LANGS)}")
    return lang


def locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[check(lang)])


@functools.cache
def catalogue(lang: str) -> Catalog | None:
    """The language's catalogue (``None`` for English, the language of the message ids):
    every ``*.po`` file in ``locale/<lang>/LC_MESSAGES/`` merged, so that each part of the
    book (a chapter's sentences, the figures, the site) keeps its own file. A message
    translated in two files must be translated the same way."""
    if check(lang) == DEFAULT:
        return None
    merged = Catalog(locale=LOCALES[lang], domain=DOMAIN)
    for path in sorted((CATALOGUES / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            part = read_po(handle, locale=LOCALES[lang], domain=DOMAIN)
        for message in part:
            if not message.id:
                continue
            known = merged.get(message.id, context=message.context)
            if known is not None and known.string and message.string and known.string != message.string:
                raise ValueError(f"{path}: {message.id!r} is translated differently in another catalogue")
            if known is None or not known.string:
                merged[message.id] = message
    return merged


def entries(lang: str, path: Path | None = None) -> list:
    """The messages of one catalogue file (or of all, merged) — for the completeness tests."""
    if path is None:
        return [m for m in catalogue(lang) if m.id]
    with Path(path).open("rb") as handle:
        return [m for m in read_po(handle, locale=LOCALES[lang], domain=DOMAIN) if m.id]


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue compiled in memory (Babel's ``write_mo``) and read by the standard
    library's gettext, which applies the catalogue's own plural rule and contexts."""
    cat = catalogue(lang)
    if cat is None:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, cat, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(lang: str, message: str) -> str:
    """``message`` in ``lang`` (the English text when the catalogue has no translation;
    the catalogue tests make sure none is missing)."""
    return translations(lang).gettext(message)


def p_(lang: str, context: str, message: str) -> str:
    """``message`` in ``lang``, looked up with a context (for short, ambiguous words)."""
    return translations(lang).pgettext(context, message)


def n_(lang: str, singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for the count ``n``, by the plural rule
    of ``lang`` (so no reader text ever says "death(s)")."""
    return translations(lang).ngettext(singular, plural, int(n))


def number(lang: str, value, digits: int | None = None) -> str:
    """A number in the language's format (``1,234.5`` / ``1 234,5``); ``digits`` fixes the
    decimals. Whole numbers keep no decimals unless ``digits`` asks for them."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("number(): missing value; say in words what is missing instead")
    if digits is None:
        return numbers.format_decimal(value, locale=locale(lang))
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return numbers.format_decimal(value, format=pattern, locale=locale(lang), decimal_quantization=True)


def percent(lang: str, share: float, digits: int = 0) -> str:
    """A share (0–1) as a percentage in the language's format: ``81.6%`` / ``81,6 %``."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return numbers.format_percent(share, format=pattern, locale=locale(lang), decimal_quantization=True)


_DAY = {"en": "d MMMM y", "es": "d 'de' MMMM 'de' y"}
_SHORT_DAY = {"en": "d MMM y", "es": "d MMM y"}
_MONTH = {"en": "MMMM y", "es": "MMMM 'de' y"}


def day(lang: str, when, short: bool = False) -> str:
    """A day written out: ``15 December 2022`` / ``15 de diciembre de 2022`` (``short``:
    ``15 Dec 2022`` / ``15 dic 2022``)."""
    return dates.format_date(_as_date(when), format=(_SHORT_DAY if short else _DAY)[check(lang)], locale=locale(lang))


def month(lang: str, when) -> str:
    """``December 2022`` / ``diciembre de 2022``."""
    return dates.format_date(_as_date(when), format=_MONTH[check(lang)], locale=locale(lang))


def listing(lang: str, items, style: str = "standard") -> str:
    """``a``, ``a and b``, ``a, b and c`` / ``a y b``: Babel's list patterns (Oxford comma
    as the locale has it). Items are already text; escape them first if they are data."""
    from babel.lists import format_list

    items = [str(i) for i in items]
    if not items:
        raise ValueError("listing(): no items; say what is missing in the sentence instead")
    return format_list(items, style=style, locale=locale(lang))


def sort_key(lang: str):
    """A key that sorts text as a reader of ``lang`` expects (``Áncash`` among the A's,
    case ignored): accents and case matter only to break ties."""
    import unicodedata

    def key(text) -> tuple:
        text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
        base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
        return (base.casefold(), text.casefold(), text)

    return key


def sorted_text(lang: str, items) -> list:
    return sorted(items, key=sort_key(lang))


def _as_date(when) -> dt.date:
    if isinstance(when, pd.Timestamp):
        return when.date()
    if isinstance(when, dt.datetime):
        return when.date()
    if isinstance(when, dt.date):
        return when
    return pd.Timestamp(when).date()


# --- one execution, both editions -------------------------------------------------------

class Both(dict):
    """A value in every language of the book, ``{"en": ..., "es": ...}``. A chapter is
    executed once; :func:`peru_protests.markup.show` and the glue functions put the
    English value in the notebook's output and the others in the output's metadata
    (``peru_protests.lang``), from which the Spanish edition is staged."""

    def __init__(self, values: dict):
        missing = [lang for lang in LANGS if lang not in values]
        if missing:
            raise ValueError(f"Both(): no value for {', '.join(missing)}")
        super().__init__(values)


def both(function, *args, **kwargs) -> Both:
    """``function(*args, lang=..., **kwargs)`` for every language: how a chapter calls a
    package function that writes reader text or draws a figure."""
    return Both({lang: function(*args, lang=lang, **kwargs) for lang in LANGS})


def same(value) -> Both:
    """A value that reads the same in every language (a number, a name)."""
    return Both({lang: value for lang in LANGS})
