"""Repository rules: output-free notebooks, parameter cells, topic-named chapters,
pinned requirements and a valid CITATION.cff."""

import re
import shutil
import subprocess

import nbformat
import pytest

from peru_protests.build import notebook_parameters, read_toc
from peru_protests.paths import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "chapters").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a code cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a code cell has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_declares_data_dir(path):
    assert "data_dir" in notebook_parameters(path)


def test_chapters_are_named_by_topic_and_listed():
    pages = read_toc(REPO_ROOT)
    chapters = [p for p in pages if p.docname.startswith("chapters/")]
    assert chapters, "the table of contents lists no chapter"
    for page in chapters:
        assert re.fullmatch(r"chapters/[a-z][a-z_]*", page.docname), page.docname
    listed = {p.source for p in chapters}
    assert set(NOTEBOOKS) <= listed, "a notebook in chapters/ is not in _toc.yml"
    assert [p.name for p in pages if p.number is not None][0] == "timeline"


def test_requirements_pin_every_dependency():
    lines = [ln.strip() for ln in (REPO_ROOT / "requirements.txt").read_text().splitlines()]
    reqs = [ln for ln in lines if ln and not ln.startswith("#")]
    assert "-e ." in reqs
    for req in reqs:
        if req != "-e .":
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.\-]*", req), req


def test_citation_cff_validates():
    exe = shutil.which("cffconvert")
    assert exe, "cffconvert is installed by requirements.txt"
    proc = subprocess.run([exe, "--validate", "-i", str(REPO_ROOT / "CITATION.cff")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_one_version_everywhere():
    import json
    import re

    import peru_protests

    cff = re.search(r'^version: "([^"]+)"', (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"), re.M).group(1)
    project = re.search(r'^version = "([^"]+)"', (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M).group(1)
    assert cff == project == peru_protests.__version__
    package = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == package["x-changelog"][0]["version"]  # the change log names the current version


def test_chapters_reach_the_page_only_through_the_escaping_layer():
    """Notebooks are views: no function definitions, and no Markdown shown or glued
    except through peru_protests.markup (which escapes every value from the data)."""
    import json
    import re

    for path in sorted((REPO_ROOT / "chapters").glob("*.ipynb")):
        code = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                         if c["cell_type"] == "code")
        assert not re.search(r"^\s*def \w+", code, re.M), f"{path.name} defines a function"
        assert "Markdown(" not in code, f"{path.name} builds Markdown outside peru_protests.markup"
        assert not re.search(r"(?<![.\w])glue\(", code), f"{path.name} glues outside peru_protests.markup"
        assert "IPython.display" not in code and "myst_nb" not in code, path.name
