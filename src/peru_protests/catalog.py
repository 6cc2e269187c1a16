"""The translators' command: ``python -m peru_protests catalog [--check] [--lang es]``.

* Extracts the package's messages with Babel (``babel.cfg``; keywords ``_:2``,
  ``n_:2,3``, ``p_:2c,3``) and the pages' Markdown blocks
  (:mod:`peru_protests.pages_i18n`: notebook Markdown cells, ``.md`` pages, the
  parameters' explanations, the site strings of ``_config.yml``/``_toc.yml``).
* Updates the gettext catalogues in ``src/peru_protests/locale/<lang>/LC_MESSAGES/``:
  a new message is added, untranslated, to the file that already holds it or to its
  part's file (:data:`PARTS`); a message no longer used is marked obsolete (``#~``);
  translations already there are kept as they are.
* ``--check`` changes nothing: it lists every message the book uses that has no
  translation, every fuzzy or untranslated entry, and every translation whose
  placeholders, glue roles or labels differ from the English, and exits 1 if there is
  any (what ``msgfmt --check --statistics`` reports, plus the book's own rules).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.pofile import read_po, write_po

from peru_protests import edition, i18n, pages_i18n
from peru_protests.paths import REPO_ROOT

KEYWORDS = parse_keywords(["_:2", "n_:2,3", "p_:2c,3"])
PACKAGE = Path(__file__).parent

# The catalogue file of each module's messages (a module not listed has ``<module>.po``).
PARTS = {
    "cite": "cite.po",
    "runinfo": "build.po", "stage": "build.po", "build": "build.po", "edition": "build.po",
    "langswitch": "build.po", "pages_i18n": "build.po", "catalog": "build.po",
    "report": "report.po", "timeline": "timeline.po", "timeline_text": "timeline.po", "dictionary": "data.po",
    "regional": "regional.po", "regional_text": "regional.po",
    "justice": "justice.po", "justice_text": "justice.po", "verdicts": "verdicts.po",
    "plotting": "figures.po", "interval_plots": "figures.po", "wait_plots": "figures.po",
    "justice_plots": "figures.po", "figures": "figures.po",
}


@dataclass(frozen=True)
class Entry:
    """One message the book uses: its id (a tuple for a plural), context, and where."""
    id: str | tuple
    context: str | None
    location: tuple  # (file, line) for a code message, (page, block number) for a page block
    file: str  # the catalogue file it belongs to by default

    @property
    def key(self) -> tuple:
        return (self.id if isinstance(self.id, str) else self.id[0], self.context)


def code_messages(package: Path = PACKAGE) -> list[Entry]:
    """Every ``_``, ``n_`` and ``p_`` message of the package's modules."""
    found = []
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(package), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(),
            strip_comment_tags=True):
        stem = Path(filename).stem
        found.append(Entry(message, context, (f"src/peru_protests/{filename}", lineno), PARTS.get(stem, f"{stem}.po")))
    return found


def page_messages(root: Path = REPO_ROOT) -> list[Entry]:
    """Every Markdown block of the book's pages, each parameter's explanation and the
    site strings, with the page's path as context."""
    from peru_protests.build import notebook_parameters, read_toc

    found = []
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    site = edition.config_strings(config)
    cff = root / "CITATION.cff"
    if cff.is_file():
        site.append(yaml.safe_load(cff.read_text(encoding="utf-8"))["title"])
    for i, text in enumerate(dict.fromkeys(s for s in site if s)):
        found.append(Entry(text, edition.CONFIG_CONTEXT, ("_config.yml", i), pages_i18n.catalogue_name("_config.yml")))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for i, text in enumerate(dict.fromkeys(edition.toc_strings(toc))):
        found.append(Entry(text, edition.TOC_CONTEXT, ("_toc.yml", i), pages_i18n.catalogue_name("_toc.yml")))
    for page in read_toc(root):
        rel = page.source.relative_to(root).as_posix()
        file = pages_i18n.catalogue_name(rel)
        if page.is_notebook:
            cells = nbformat.read(page.source, as_version=4).cells
            texts = [c.source for c in cells if c.cell_type == "markdown"]
            helps = notebook_parameters(page.source, helps=True)
            for i, (name, text) in enumerate(helps.items()):
                if text and name != "data_dir":  # the box does not show the data folder
                    found.append(Entry(text, f"{rel}#parameters", (f"{rel}#parameters", i), file))
        else:
            texts = [page.source.read_text(encoding="utf-8")]
        n = 0
        for text in texts:
            for block in pages_i18n.blocks(text):
                n += 1
                found.append(Entry(block, rel, (rel, n), file))
    return found


def _read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=i18n.LOCALES[lang])


def _placement(entries: list[Entry], folder: Path, lang: str) -> dict[str, list[Entry]]:
    """Which file each message goes to: the file that holds it already, else its part's."""
    holder = {}
    for path in sorted(folder.glob("*.po")):
        for message in _read(path, lang):
            if message.id:
                key = (message.id if isinstance(message.id, str) else message.id[0], message.context)
                holder.setdefault(key, path.name)
    files: dict[str, list[Entry]] = {}
    chosen: dict = {}
    for entry in entries:  # a message used in several places goes to one file
        name = chosen.setdefault(entry.key, holder.get(entry.key, entry.file))
        files.setdefault(name, []).append(entry)
    return files


def update(lang: str = "es", root: Path = REPO_ROOT, locale_dir: Path | None = None) -> list[str]:
    """Bring the catalogues of ``lang`` up to date with the code and the pages. Returns
    the files written."""
    folder = Path(locale_dir or i18n.CATALOGUES) / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    entries = code_messages() + page_messages(root)
    placed = _placement(entries, folder, lang)
    written = []
    for name in sorted(set(placed) | {p.name for p in folder.glob("*.po")}):
        path = folder / name
        template = Catalog(locale=i18n.LOCALES[lang], domain=i18n.DOMAIN)
        for entry in placed.get(name, []):
            existing = template.get(entry.id if isinstance(entry.id, str) else entry.id[0], context=entry.context)
            if existing is None:
                template.add(entry.id, locations=[entry.location], context=entry.context)
            else:
                existing.locations.append(entry.location)
        catalog = _read(path, lang) if path.is_file() else Catalog(locale=i18n.LOCALES[lang], domain=i18n.DOMAIN,
                                                                    project="peru-protests-data-book")
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
        catalog.fuzzy = False  # the header: a new file is not a draft of anything
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=False, include_previous=False)
        written.append(str(path))
    return written


# --- the check -------------------------------------------------------------------------------

_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][\w]*)(?:[:!][^{}]*)?\}(?!\})")
_ROLE = re.compile(r"\{(glue(?::\w+)?|numref|ref|doc|eq|download)\}`([^`]*)`")
_NAME = re.compile(r"^:(name|label):\s*(\S+)\s*$", re.M)
_DIRECTIVE = re.compile(r"^(?:`{3,}|:{3,})\{([\w:-]+)\}(.*)$", re.M)


def _targets(text: str) -> Counter:
    """What must not change in a translation: glue keys, cross-reference targets, labels
    and directive names (with a glue directive's key)."""
    found = Counter()
    for role, body in _ROLE.findall(text):
        label = re.search(r"<([^<>]+)>\s*$", body)
        found[(role, (label.group(1) if label and role != "download" else body).strip())] += 1
    for kind, value in _NAME.findall(text):
        found[(kind, value)] += 1
    for name, argument in _DIRECTIVE.findall(text):
        found[(name, argument.strip() if name.startswith("glue") else "")] += 1
    return found


def _fields(text: str) -> Counter:
    return Counter(_FIELD.findall(text))


def problems(lang: str = "es", root: Path = REPO_ROOT, locale_dir: Path | None = None,
             entries: list[Entry] | None = None) -> list[str]:
    """Everything that keeps ``lang``'s edition from being complete, one line each."""
    folder = Path(locale_dir or i18n.CATALOGUES) / lang / "LC_MESSAGES"
    out = []
    merged: dict = {}
    for path in sorted(folder.glob("*.po")):
        for message in _read(path, lang):
            if not message.id:
                continue
            where = f"{path.name}: {_describe(message.id, message.context)}"
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                out.append(f"{where}: fuzzy")
            elif not all(strings):
                out.append(f"{where}: untranslated")
            else:
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                want_fields, want_targets = _fields(ids[-1]), _targets(ids[0])
                for i, s in enumerate(strings):
                    # the "one" form may leave out what only the English plural names (e.g. {k} = 1)
                    ok = (set(_fields(ids[0])) <= set(_fields(s)) <= set(want_fields)) if len(ids) > 1 and i == 0 \
                        else set(_fields(s)) == set(want_fields)
                    if not ok:
                        out.append(f"{where}: placeholders {sorted(_fields(s))} differ from the English "
                                   f"{sorted(want_fields)}")
                        break
                    if _targets(s) != want_targets:
                        missing = want_targets - _targets(s)
                        extra = _targets(s) - want_targets
                        out.append(f"{where}: glue roles, labels or directives differ (missing {sorted(missing)}, "
                                   f"extra {sorted(extra)})")
                        break
            key = (message.id if isinstance(message.id, str) else message.id[0], message.context)
            merged.setdefault(key, message)
    if entries is None:
        entries = code_messages() + page_messages(root)
    for entry in entries:
        if entry.key not in merged:
            out.append(f"{entry.file}: {_describe(entry.id, entry.context)}: missing from the catalogues "
                       f"(used at {entry.location[0]}:{entry.location[1]})")
    return list(dict.fromkeys(out))


def statistics(lang: str = "es", locale_dir: Path | None = None) -> dict[str, tuple[int, int, int]]:
    """Per file: (translated, fuzzy, untranslated), as ``msgfmt --statistics`` counts them."""
    folder = Path(locale_dir or i18n.CATALOGUES) / lang / "LC_MESSAGES"
    stats = {}
    for path in sorted(folder.glob("*.po")):
        t = f = u = 0
        for message in _read(path, lang):
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                f += 1
            elif all(strings):
                t += 1
            else:
                u += 1
        stats[path.name] = (t, f, u)
    return stats


def _describe(msgid, context) -> str:
    text = msgid if isinstance(msgid, str) else msgid[0]
    text = " ".join(text.split())
    text = text if len(text) <= 70 else text[:67] + "..."
    return (f"[{context}] " if context else "") + repr(text)


def main(check: bool = False, lang: str = "es", root: Path = REPO_ROOT, locale_dir: Path | None = None) -> int:
    if not check:
        for path in update(lang, root, locale_dir):
            print(f"updated {path}")
    found = problems(lang, root, locale_dir)
    for name, (t, f, u) in statistics(lang, locale_dir).items():
        print(f"{name}: {t} translated, {f} fuzzy, {u} untranslated")
    if found:
        print(f"\n{len(found)} problem(s) in the {lang} catalogues:")
        for line in found:
            print(f"  {line}")
        return 1 if check else 0
    print(f"The {lang} catalogues are complete.")
    return 0
