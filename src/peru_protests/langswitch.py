"""Sphinx extension: a language switch on every page, leading to the same page in the
other edition(s), and ``<link rel="alternate" hreflang=...>`` in the page head.

The English edition is the top of the site and every other one lives under
``<lang>/`` (:mod:`peru_protests.edition`), so the same page has the same ``pagename``
in every edition and the link is relative: from ``chapters/timeline`` in English to
``es/chapters/timeline.html`` and back. Configured by the build's staging:
``peru_lang`` (this edition), ``peru_languages`` (all), ``peru_site_root`` (the English
book's address, for absolute ``hreflang`` links; empty in a derived build).
"""

from __future__ import annotations

import html

from peru_protests import i18n
from peru_protests.i18n import _


def language_name(lang: str) -> str:
    """The language's own name for itself, from Babel's locale data: ``English``, ``Español``."""
    name = i18n.locale(lang).get_language_name(lang)
    return name[:1].upper() + name[1:]


def _folder(lang: str) -> str:
    return "" if lang == i18n.DEFAULT else f"{lang}/"


def relative_link(pagename: str, here: str, there: str) -> str:
    """The address of ``pagename`` in edition ``there``, relative to the same page in ``here``."""
    depth = pagename.count("/") + _folder(here).count("/")
    return "../" * depth + _folder(there) + pagename + ".html"


def switch_html(pagename: str, here: str, languages) -> str:
    """The switch: one link per other edition, each in its own language."""
    links = []
    for there in languages:
        if there == here:
            continue
        href = html.escape(relative_link(pagename, here, there), quote=True)
        title = html.escape(_(there, "Read this page in {language}").format(language=language_name(there)), quote=True)
        links.append(f'<a class="language-switch-link" href="{href}" hreflang="{there}" lang="{there}" '
                     f'title="{title}">{html.escape(language_name(there))}</a>')
    label = html.escape(_(here, "Language"), quote=True)
    return f'<nav class="language-switch" aria-label="{label}">{" ".join(links)}</nav>\n'


def _page_context(app, pagename, templatename, context, doctree):
    here = app.config.peru_lang
    languages = list(app.config.peru_languages)
    root = (app.config.peru_site_root or "").rstrip("/")
    if root:
        alternates = [f'<link rel="alternate" hreflang="{lang}" href="{html.escape(root)}/{_folder(lang)}{pagename}.html" />'
                      for lang in languages]
    else:
        alternates = [f'<link rel="alternate" hreflang="{lang}" '
                      f'href="{html.escape(relative_link(pagename, here, lang))}" />' for lang in languages]
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(alternates) + "\n"
    if "body" in context:
        context["body"] = switch_html(pagename, here, languages) + context["body"]


def setup(app):
    app.add_config_value("peru_lang", i18n.DEFAULT, "html")
    app.add_config_value("peru_languages", list(i18n.LANGS), "html")
    app.add_config_value("peru_site_root", "", "html")
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
