"""Laying out the book's source for Jupyter Book: the static pages, the executed
chapters from the cache, and what the build adds to them (the box "How this chapter was
run", the cite blocks, a "cite this figure" line under each named figure, the whole-book
citation on the home page, and for a derived build its label on every page and no
canonical link), in each language of the book (see :mod:`peru_protests.edition`)."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

import nbformat
import yaml

from peru_protests import edition, i18n, pages_i18n, runinfo
from peru_protests import home as home_lib
from peru_protests.cite import book_cite_markdown, book_meta, chapter_cite_markdown, figure_cite_markdown


@dataclass
class StageReport:
    """What an edition's staging could not translate (English left in place)."""
    lang: str
    blocks: list = field(default_factory=list)  # (page path, block) without a page-catalogue entry
    outputs: dict = field(default_factory=dict)  # page path -> glued/shown outputs with no bundle in ``lang``
    glue: dict = field(default_factory=dict)  # page path -> {glue key: languages it has a value in}

    @property
    def complete(self) -> bool:
        return not self.blocks and not any(self.outputs.values())

    def summary(self) -> str:
        n_out = sum(self.outputs.values())
        return (f"{len(self.blocks)} Markdown block(s) without a translation, {n_out} generated output(s) "
                f"without a {self.lang} value" if not self.complete else "complete")


def stage_book(root: Path, pages: list, entries: dict[str, Path], stage: Path, info, book_files: list[Path],
               lang: str = "en", locale_dir: Path | None = None) -> StageReport:
    """Lay out the book's source in ``lang``: static pages from the repository, executed
    chapters (with everything they wrote) from their cache entries, each with the box "How
    this chapter was run" in place of its parameters cell and its cite block; the home page
    with the whole-book citation; a derived build labelled on every page, without a
    canonical link to the official book. Another language than English takes the outputs'
    bundles in that language and the page catalogues' blocks (:mod:`peru_protests.edition`);
    what has no translation stays English and is listed in the returned report."""
    report = StageReport(lang)
    catalog = pages_i18n.page_catalogue(lang, locale_dir)
    stage.mkdir(parents=True)
    for page in pages:
        if page.is_notebook:
            shutil.copytree(entries[page.docname], stage, dirs_exist_ok=True)
    page_sources = {page.source for page in pages}
    for path in book_files:
        target = stage / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        if target.suffix == ".md" and lang != i18n.DEFAULT and path in page_sources:  # pages only, not README
            rel = path.relative_to(root).as_posix()
            target.write_text(pages_i18n.translate(target.read_text(encoding="utf-8"), rel, catalog, report.blocks),
                              encoding="utf-8")
    meta = book_meta(root / "CITATION.cff")
    if lang != i18n.DEFAULT:  # the edition cites itself under its own title
        meta = replace(meta, title=pages_i18n.lookup(catalog, edition.CONFIG_CONTEXT, meta.title))
    stage_config(stage / "_config.yml", info, lang)
    edition.localise_config(stage / "_config.yml", lang, catalog)
    if (stage / "_toc.yml").is_file():
        edition.localise_toc(stage / "_toc.yml", lang, catalog)
    home = stage / f"{pages[0].docname}{pages[0].source.suffix}"
    if home.suffix == ".md":
        for doc in home_lib.fill_file(home, stage, lang, info.data_as_of):
            print(f"  (home page: {doc} glued no home_findings; its findings are left out)", flush=True)
        home.write_text(home.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
                        + str(book_cite_markdown(meta, info, lang)), encoding="utf-8")
    for page in pages:
        if page.is_notebook:
            rel = page.source.relative_to(root).as_posix()
            path = stage / f"{page.docname}.ipynb"
            nb = nbformat.read(path, as_version=4)
            report.glue[rel] = edition.glue_keys(nb)
            if lang != i18n.DEFAULT:
                report.outputs[rel] = edition.localise_outputs(nb, lang)[1]
                edition.localise_markdown_cells(nb, rel, catalog, report.blocks)
            title = page.title
            if lang != i18n.DEFAULT:
                title = next((t for c in nb.cells if c.cell_type == "markdown"
                              for t in [edition.title_of(c.source)] if t), page.title)
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
                        meta, page.docname, figure, title, info, lang))
                for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
                    # a figure block written by peru_protests.figures.block (already in ``lang``)
                    text = output.get("data", {}).get("text/markdown")
                    if isinstance(text, list):
                        text = "".join(text)
                    for figure in re.findall(r"^:name:\s*(fig-[\w-]+)\s*$", text or "", flags=re.M):
                        text = text.rstrip("\n") + "\n\n" + str(figure_cite_markdown(
                            meta, page.docname, figure, title, info, lang))
                        output["data"]["text/markdown"] = text
            helps = {name: pages_i18n.translate(text, f"{rel}#parameters", catalog, report.blocks)
                     if lang != i18n.DEFAULT and text else text for name, text in page.helps.items()
                     if name != "data_dir"}  # the box does not show the data folder's parameter
            box = nbformat.v4.new_markdown_cell(
                runinfo.how_run_markdown(page.name, page.used, page.changed, helps, info, lang,
                                         runinfo.resolved_values(nb)))
            box.id = "how-this-chapter-was-run"
            nb.cells.insert(at, box)
            cite = nbformat.v4.new_markdown_cell(
                chapter_cite_markdown(meta, page.docname, title, page.number, info, lang))
            cite.id = "how-to-cite"
            nb.cells.append(cite)
            nbformat.write(nb, path)
    return report


def stage_config(path: Path, info, lang: str = "en") -> None:
    """A derived build: an announcement on every page, and no ``baseurl`` (Sphinx would
    write a canonical link to the official book into every page)."""
    if not info.derived:
        return
    import html as html_lib

    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.setdefault("html", {}).pop("baseurl", None)
    config["html"]["announcement"] = html_lib.escape(runinfo.plain_derived(info, lang))
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
