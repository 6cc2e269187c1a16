"""Files the web book ships besides its pages, and what the pages do not need.

* :func:`stage_site` puts into the staged book's ``_site/`` folder (Sphinx copies it to
  the root of the site: ``html_extra_path`` in ``_config.yml``) the data package that
  was BUILT — the descriptor and every table it lists, each as a file and all together
  as one zip — the book's source as one zip, the licences, the citation files, the
  README and a favicon. It fills the generated parts of the "Data and code" page (the
  list of files, the repository line).
* :func:`slim` removes from a compiled site what no page uses: source maps, the
  icon-font JavaScript (the theme's style sheet already draws the same icons with a
  web font), Thebe (live code, which the book does not offer), the theme's unused
  translation files and template sources.

Every zip is byte-for-byte reproducible: members sorted, fixed time stamps.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import yaml

from peru_protests import descriptor as descriptors
from peru_protests import dictionary
from peru_protests import i18n, markup
from peru_protests.i18n import _, n_

SITE_DIR = "_site"  # in the staged source; listed in html_extra_path
DATA_ZIP = "peru-protests-data.zip"
SOURCE_ZIP = "peru-protests-book-source.zip"
PAGE = "data-and-code.md"
MARKERS = {"files": "<!-- site:files -->", "repository": "<!-- site:repository -->"}
# The book's source, as the build's root holds it (what a reader needs to rerun it).
SOURCE_ITEMS = [".ci", "_config.yml", "_static", "_toc.yml", "babel.cfg", "benchmarks", "chapters",
                "CITATION.bib", "CITATION.cff", "data", "data-and-code.md", "intro.md", "LICENSE",
                "LICENSE-DATA.md", "pyproject.toml", "README.md", "requirements.txt", "src", "tests"]
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}
SKIP_SUFFIXES = (".pyc", ".pyo", ".running.ipynb")
# Copied to the site's root under a name a browser shows as text.
TEXT_COPIES = {"LICENSE": "LICENSE.txt", "LICENSE-DATA.md": "LICENSE-DATA.txt", "README.md": "README.txt",
               "CITATION.cff": "CITATION.cff", "CITATION.bib": "CITATION.bib"}
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.(csv|json)$")
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


# --- the data package and the source ------------------------------------------------

def data_files(data_dir: Path) -> list[dict]:
    """The descriptor (the folder's own, or the shipped one it was checked against) and
    each table it lists, in its order: ``name``, ``path``, ``title``, ``rows`` (None for
    the descriptor), ``bytes``. A resource path that is not a plain file name in the
    folder is refused."""
    data_dir = Path(data_dir)
    folder = descriptors.read(data_dir)
    if folder.content is None:
        raise ValueError(f"{data_dir}: the descriptor cannot be used; run the validator")
    files = [{"name": "datapackage.json", "path": Path(folder.path), "title": None, "rows": None}]
    for resource in folder.content.get("resources", []):
        name = str(resource.get("path", ""))
        if not SAFE_NAME.match(name) or not (data_dir / name).is_file():
            raise ValueError(f"{folder.path}: resource path {name!r} is not a file in {data_dir}; "
                             "the site ships only the folder's own tables")
        files.append({"name": name, "path": data_dir / name, "title": resource.get("title"),
                      "rows": csv_rows(data_dir / name)})
    for entry in files:
        entry["bytes"] = entry["path"].stat().st_size
    return files


def csv_rows(path: Path) -> int:
    """Data rows of a CSV file (cells never hold line breaks: the validator refuses them)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return max(sum(1 for _line in handle) - 1, 0)


def source_files(root: Path) -> list[Path]:
    """The files of the book's source under ``root`` (see :data:`SOURCE_ITEMS`), sorted."""
    root = Path(root)
    found = []
    for item in SOURCE_ITEMS:
        path = root / item
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) \
            if path.is_dir() else []
        for file in candidates:
            rel = file.relative_to(root)
            if SKIP_PARTS.intersection(rel.parts) or file.name.endswith(SKIP_SUFFIXES) \
                    or any(part.endswith(".egg-info") for part in rel.parts):
                continue
            found.append(file)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def write_zip(dest: Path, members: list[tuple[str, Path]]) -> None:
    """A reproducible zip: members sorted by name, fixed dates and permissions."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for arcname, path in sorted(members):
            info = zipfile.ZipInfo(arcname, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, Path(path).read_bytes())


def favicon() -> bytes:
    """A 32-px icon (the book's dark red, a white bar chart), drawn with Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (32, 32), (139, 26, 26, 255))
    draw = ImageDraw.Draw(image)
    for x, height in ((6, 10), (13, 18), (20, 24)):
        draw.rectangle([x, 28 - height, x + 5, 28], fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="ICO", sizes=[(32, 32)])
    return buffer.getvalue()


def stage_site(root: Path, data_dir: Path, stage: Path, lang: str = "en") -> Path:
    """Write ``stage/_site`` (see the module's docstring) and fill the generated parts
    of the "Data and code" page in ``stage`` if the book has it. Returns the folder."""
    root, stage = Path(root), Path(stage)
    site = stage / SITE_DIR
    if site.exists():
        shutil.rmtree(site)
    (site / "data").mkdir(parents=True)
    files = data_files(data_dir)
    for entry in files:
        shutil.copyfile(entry["path"], site / "data" / entry["name"])
    members = [(f"data/{e['name']}", e["path"]) for e in files]
    if (root / "LICENSE-DATA.md").is_file():
        members.append(("LICENSE-DATA.md", root / "LICENSE-DATA.md"))
    write_zip(site / "data" / DATA_ZIP, members)
    write_zip(site / SOURCE_ZIP, [(p.relative_to(root).as_posix(), p) for p in source_files(root)])
    for name, target in TEXT_COPIES.items():
        if (root / name).is_file():
            shutil.copyfile(root / name, site / target)
    (site / "favicon.ico").write_bytes(favicon())
    page = stage / PAGE
    if page.is_file():
        page.write_text(fill_page(page.read_text(encoding="utf-8"), root, site, lang), encoding="utf-8")
    return site


# --- the generated parts of the "Data and code" page ----------------------------------------

def repository(root: Path) -> str | None:
    """The code repository's public address: ``repository-code`` in ``CITATION.cff``
    (the one place it is configured), or None while it is not published."""
    path = Path(root) / "CITATION.cff"
    if not path.is_file():
        return None
    address = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("repository-code")
    return markup.safe_url(address) if address else None


def _a(href: str, text: str) -> markup.Md:
    """A link to a file the site ships (raw HTML, so that Sphinx does not look for a page)."""
    return markup.Md(f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>')


def _size(lang: str, size: int) -> str:
    if size < 1000 * 1000:
        return _(lang, "{n} kB").format(n=i18n.number(lang, max(1, round(size / 1000))))
    return _(lang, "{n} MB").format(n=i18n.number(lang, size / 1e6, digits=1))


def files_markdown(site: Path, lang: str = "en", prefix: str = "") -> markup.Md:
    """The list of downloads on the "Data and code" page: the zip of the data package,
    then the descriptor and each table with its title, rows and size. ``prefix`` is the
    path from the page to the site's root (``../`` for a page one folder down)."""
    site = Path(site)
    descriptor = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    titles = {r.get("path"): r.get("title") for r in descriptor.get("resources", [])}
    lines = [markup.md(_(lang, "- {link}: the whole data package in one file ({size})"),
                       link=_a(f"{prefix}data/{DATA_ZIP}", DATA_ZIP),
                       size=_size(lang, (site / "data" / DATA_ZIP).stat().st_size)),
             markup.md(_(lang, "- {link}: the descriptor (every table, field, type, licence and change) "
                               "({size})"),
                       link=_a(f"{prefix}data/datapackage.json", "datapackage.json"),
                       size=_size(lang, (site / "data" / "datapackage.json").stat().st_size))]
    for name, title in titles.items():
        path = site / "data" / str(name)
        if not path.is_file():
            continue
        rows = csv_rows(path)
        lines.append(markup.md(_(lang, "- {link}: {title} ({rows}, {size})"),
                               link=_a(f"{prefix}data/{name}", str(name)), title=dictionary.describe(title, lang) if title else "",
                               rows=n_(lang, "{n} row", "{n} rows", rows).format(n=i18n.number(lang, rows)),
                               size=_size(lang, path.stat().st_size)))
    return markup.Md("\n".join(lines))


def repository_markdown(root: Path, site: Path, lang: str = "en", prefix: str = "") -> markup.Md:
    """Where the code is: the repository's address when ``CITATION.cff`` records it;
    the source zip the site ships in every case."""
    source = markup.md(_(lang, "The book's complete source (code, notebooks, data, tests) is one download: "
                               "{link} ({size})."),
                       link=_a(f"{prefix}{SOURCE_ZIP}", SOURCE_ZIP),
                       size=_size(lang, (Path(site) / SOURCE_ZIP).stat().st_size))
    address = repository(root)
    if address:
        return markup.md(_(lang, "The code is developed in a public repository: {link}."),
                         link=markup.link(address, address)) + "\n\n" + source
    return markup.md(_(lang, "The address of the public code repository has not been published yet.")) \
        + " " + source


def fill_page(text: str, root: Path, site: Path, lang: str = "en", prefix: str = "") -> str:
    """The page's text with each marker replaced by its generated Markdown."""
    text = text.replace(MARKERS["files"], str(files_markdown(site, lang, prefix)))
    return text.replace(MARKERS["repository"], str(repository_markdown(root, site, lang, prefix)))


# --- page weight -------------------------------------------------------------------------

SOURCE_MAP_COMMENT = re.compile(r"\n?(//# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ ?\*/)[ \t]*")
# Tags of the pages that load what the book does not use: the icon-font script (the theme's
# style sheet draws the same icons with a web font), and Thebe (live code; the book has no
# kernel to connect to, and sphinx-thebe writes its inline config twice, a script error).
UNUSED_TAGS = re.compile(
    r'[ \t]*(?:<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>'
    r'|<script[^>]*src="[^"]*_static/sphinx-thebe\.js[^"]*"[^>]*></script>'
    r'|<link[^>]*href="[^"]*_static/sphinx-thebe\.css[^"]*"[^>]*/?>'
    r'|<script>const THEBE_JS_URL = [^<]*</script>)[ \t]*\n?')
UNUSED = ["_static/scripts/fontawesome.js", "_static/locales", "_static/sphinx-thebe.js",
          "_static/sphinx-thebe.css", "_static/webpack-macros.html", "_static/sbt-webpack-macros.html"]


def slim(html_dir: Path) -> dict:
    """Remove what no page of the compiled site at ``html_dir`` loads; returns what was
    removed: ``files`` (count) and ``bytes``."""
    html_dir = Path(html_dir)
    removed = {"files": 0, "bytes": 0}

    def drop(path: Path) -> None:
        paths = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        removed["files"] += len(paths)
        removed["bytes"] += sum(p.stat().st_size for p in paths)
        shutil.rmtree(path) if path.is_dir() else path.unlink()

    for path in sorted(html_dir.rglob("*.map")):
        drop(path)
    for rel in UNUSED:
        if (html_dir / rel).exists():
            drop(html_dir / rel)
    for path in sorted(html_dir.rglob("*")):
        if path.suffix in (".js", ".css") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            slimmer = SOURCE_MAP_COMMENT.sub("", text)
            if slimmer != text:
                path.write_text(slimmer, encoding="utf-8", errors="surrogateescape")
        elif path.suffix == ".html" and path.is_file():
            text = path.read_text(encoding="utf-8")
            slimmer = UNUSED_TAGS.sub("", text)
            if slimmer != text:
                path.write_text(slimmer, encoding="utf-8")
    return removed
