"""Laying out the book's source for Jupyter Book: the static pages, the executed
chapters from the cache, and what the build adds to them (the box "How this chapter was
run", the cite blocks, a "cite this figure" line under each named figure, the whole-book
citation on the home page, and for a derived build its label on every page and no
canonical link)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import yaml

from peru_protests import home as home_lib
from peru_protests import runinfo
from peru_protests.cite import book_cite_markdown, book_meta, chapter_cite_markdown, figure_cite_markdown


def stage_book(root: Path, pages: list, entries: dict[str, Path], stage: Path, info, book_files: list[Path]) -> None:
    """Lay out the book's source: static pages from the repository, executed chapters
    (with everything they wrote) from their cache entries, each with the box "How this
    chapter was run" in place of its parameters cell and its cite block; the home page
    with the whole-book citation; a derived build labelled on every page, without a
    canonical link to the official book."""
    stage.mkdir(parents=True)
    for page in pages:
        if page.is_notebook:
            shutil.copytree(entries[page.docname], stage, dirs_exist_ok=True)
    for path in book_files:
        target = stage / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    meta = book_meta(root / "CITATION.cff")
    stage_config(stage / "_config.yml", info)
    home = stage / f"{pages[0].docname}{pages[0].source.suffix}"
    if home.suffix == ".md":
        for doc in home_lib.fill_file(home, stage, "en", info.data_as_of):
            print(f"  (home page: {doc} glued no home_findings; its findings are left out)", flush=True)
        home.write_text(home.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + str(book_cite_markdown(meta, info)),
                        encoding="utf-8")
    for page in pages:
        if page.is_notebook:
            path = stage / f"{page.docname}.ipynb"
            nb = nbformat.read(path, as_version=4)
            at = len(nb.cells)
            for i, cell in enumerate(nb.cells):
                tags = cell.metadata.setdefault("tags", [])
                if "parameters" in tags:  # it shows the defaults, not the values used
                    tags[:] = [t for t in tags if t != "hide-input"] + ["remove-cell"]
                if "parameters" in tags or "injected-parameters" in tags:
                    at = i + 1
            for cell in nb.cells:  # a "cite this figure" line under each named figure
                figures = re.findall(r"^:name:\s*(fig-[\w-]+)\s*$", cell.source, flags=re.M) \
                    if cell.cell_type == "markdown" else []
                for figure in figures:
                    cell.source = cell.source.rstrip("\n") + "\n\n" + str(figure_cite_markdown(
                        meta, page.docname, figure, page.title, info))
            box = nbformat.v4.new_markdown_cell(
                runinfo.how_run_markdown(page.name, page.used, page.changed, page.helps, info))
            box.id = "how-this-chapter-was-run"
            nb.cells.insert(at, box)
            cite = nbformat.v4.new_markdown_cell(
                chapter_cite_markdown(meta, page.docname, page.title, page.number, info))
            cite.id = "how-to-cite"
            nb.cells.append(cite)
            nbformat.write(nb, path)


def stage_config(path: Path, info) -> None:
    """A derived build: an announcement on every page, and no ``baseurl`` (Sphinx would
    write a canonical link to the official book into every page)."""
    if not info.derived:
        return
    import html as html_lib

    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.setdefault("html", {}).pop("baseurl", None)
    config["html"]["announcement"] = html_lib.escape(runinfo.plain_derived(info))
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
