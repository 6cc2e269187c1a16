"""The book's editions: the English book at the top of the site (its addresses are
citations and never move) and each other language under ``<lang>/``
(``_build/html/es/chapters/timeline.html``), all from ONE execution of each chapter.

Staging an edition in another language (:func:`localise_notebook`,
:func:`localise_config`, :func:`localise_toc`):

* every output whose metadata carries that language's MIME bundle
  (``peru_protests.lang``, written by :func:`peru_protests.markup.show` and the glue
  functions for an :class:`~peru_protests.i18n.Both`) shows that bundle instead of the
  English one: glued values, shown Markdown, figures;
* each Markdown block of the pages is replaced by its translation from the page
  catalogues (:mod:`peru_protests.pages_i18n`);
* the configuration says ``language: <lang>`` (so the theme's own interface is in that
  language), carries the translated title and numbered-figure formats, and the edition's
  own ``baseurl``.

Every page of every edition gets a language switch to the same page in the other
languages (:mod:`peru_protests.langswitch`, a Sphinx extension the staging adds).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from peru_protests import i18n, pages_i18n
from peru_protests.markup import GLUE_PREFIX, LANG_KEY

SWITCH_EXTENSION = "peru_protests.langswitch"
CONFIG_CONTEXT = "_config.yml"
TOC_CONTEXT = "_toc.yml"


def prefix(lang: str) -> str:
    """The edition's folder in the site: ``""`` for English, ``"es/"`` for Spanish."""
    return "" if i18n.check(lang) == i18n.DEFAULT else f"{lang}/"


def localise_outputs(nb, lang: str) -> tuple[int, int]:
    """Put ``lang``'s bundle in place of the English one in every output that has one.
    Returns ``(replaced, glued_without_translation)``: the second counts glued values
    and shown Markdown that carry no ``lang`` bundle (text that stays English unless it
    reads the same in every language: numbers, names)."""
    replaced = missing = 0
    if lang == i18n.DEFAULT:
        return 0, 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            meta = output.get("metadata", {})
            bundle = meta.get(LANG_KEY, {}).get(lang)
            glued = "scrapbook" in meta
            if bundle is None:
                missing += 1 if (glued or "text/markdown" in output.get("data", {})) and _has_words(output) else 0
                continue
            output["data"] = {(GLUE_PREFIX + k if glued else k): v for k, v in bundle.items()}
            replaced += 1
    return replaced, missing


def _has_words(output) -> bool:
    """Whether an output without a translation shows words (text, or a figure, whose
    labels are words) rather than only a number or a code."""
    data = output.get("data", {})
    if any(k.endswith(("image/png", "image/svg+xml")) for k in data):
        return True
    text = " ".join(str(v) for k, v in data.items() if k.endswith(("text/markdown", "text/plain")))
    return bool(re.search(r"[^\W\d_]{3,}", re.sub(r"'[^']*'|\S*[_\d]\S*", " ", text)))


def localise_markdown_cells(nb, context: str, catalog, missing: list) -> None:
    """Each Markdown block of each Markdown cell replaced by its translation."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = pages_i18n.translate(cell.source, context, catalog, missing)


def glue_keys(nb) -> dict[str, set]:
    """Every glued key of an executed notebook and the languages it has a value in
    (English always; others from the output metadata) — for the completeness check."""
    keys: dict[str, set] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            meta = output.get("metadata", {})
            name = meta.get("scrapbook", {}).get("name")
            if name:
                keys[name] = {i18n.DEFAULT, *meta.get(LANG_KEY, {})}
    return keys


def title_of(text: str) -> str | None:
    """The first ``# Title`` heading of a page's Markdown."""
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def localise_config(path: Path, lang: str, catalog, languages: tuple = i18n.LANGS) -> None:
    """The staged ``_config.yml`` for ``lang``'s edition (English too: every edition
    gets the language switch)."""
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    sphinx = config.setdefault("sphinx", {})
    extensions = sphinx.setdefault("extra_extensions", []) or []
    if SWITCH_EXTENSION not in extensions:
        extensions.append(SWITCH_EXTENSION)
    sphinx["extra_extensions"] = extensions
    options = sphinx.setdefault("config", {})
    html = config.setdefault("html", {})
    site = html.get("baseurl") or ""
    options["peru_lang"] = lang
    options["peru_languages"] = list(languages)
    options["peru_site_root"] = site
    if lang != i18n.DEFAULT:
        options["language"] = lang
        config["title"] = pages_i18n.lookup(catalog, CONFIG_CONTEXT, config.get("title", ""))
        formats = options.get("numfig_format") or {}
        options["numfig_format"] = {k: pages_i18n.lookup(catalog, CONFIG_CONTEXT, v) for k, v in formats.items()}
        if site:
            html["baseurl"] = site.rstrip("/") + "/" + prefix(lang)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def config_strings(config: dict) -> list[str]:
    """The reader-visible strings of ``_config.yml`` that an edition translates."""
    options = (config.get("sphinx") or {}).get("config") or {}
    return [config.get("title", "")] + list((options.get("numfig_format") or {}).values())


def toc_strings(toc: dict) -> list[str]:
    """The part captions of ``_toc.yml``."""
    return [part["caption"] for part in toc.get("parts", []) if part.get("caption")]


def localise_toc(path: Path, lang: str, catalog) -> None:
    if lang == i18n.DEFAULT:
        return
    toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        if part.get("caption"):
            part["caption"] = pages_i18n.lookup(catalog, TOC_CONTEXT, part["caption"])
    path.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def combine(main: Path, editions: dict[str, Path]) -> int:
    """Move each other edition's HTML into ``main/<lang>/`` (one site, published at once)
    and let it use the English edition's copy of every static asset that is the same in
    both (:func:`share_static`). Returns the bytes not stored twice."""
    saved = 0
    for lang, html in editions.items():
        target = main / prefix(lang).rstrip("/")
        if target.exists():
            raise FileExistsError(f"the English book already has a folder {target.name}/; it cannot hold the "
                                  f"{lang} edition")
        shutil.move(str(html), str(target))
        saved += share_static(main, target)
    return saved


_STATIC_REF = re.compile(r"""(?P<pre>(?:src|href)=["'])(?P<up>(?:\.\./)*)_static/(?P<path>[^"'?#]+)""")


def share_static(main: Path, edition_dir: Path) -> int:
    """Remove from ``edition_dir/_static`` every file identical to the one in
    ``main/_static`` and point the edition's pages at the shared copy (one ``../`` more).
    Files that differ (the language's search stemmer, its interface strings, its
    documentation options) stay with the edition."""
    import filecmp

    ours, theirs = edition_dir / "_static", main / "_static"
    if not ours.is_dir() or not theirs.is_dir():
        return 0
    shared, saved = set(), 0
    for path in sorted(p for p in ours.rglob("*") if p.is_file()):
        rel = path.relative_to(ours).as_posix()
        twin = theirs / rel
        if twin.is_file() and filecmp.cmp(path, twin, shallow=False):
            saved += path.stat().st_size
            path.unlink()
            shared.add(rel)
    for folder in sorted((p for p in ours.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()

    def point(match):
        if match.group("path") not in shared:
            return match.group(0)
        return f"{match.group('pre')}{match.group('up')}../_static/{match.group('path')}"

    for page in edition_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _STATIC_REF.sub(point, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return saved


def catalogue_digest(pages: bool, locale_dir: Path | None = None) -> str:
    """SHA-256 of the catalogues: the message catalogues (``pages=False``), which the
    chapters read while they run, or the page catalogues (``pages=True``), which only the
    staging reads. A changed translation re-executes or recompiles what it affects."""
    import hashlib

    h = hashlib.sha256()
    folder = Path(locale_dir or i18n.CATALOGUES)
    for path in sorted(folder.rglob("*.po")):
        if path.name.startswith("page-") == pages:
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()
