"""The release folder a data archive receives: HTML, data zip, citation files, checksums."""

import hashlib
import json
import zipfile

import pytest

from peru_protests.cite import book_bibtex, book_meta
from peru_protests.paths import REPO_ROOT
from peru_protests.release import ReleaseError, write_release

from conftest import TINY


@pytest.fixture
def html(tmp_path):
    folder = tmp_path / "built"
    (folder / "chapters").mkdir(parents=True)
    (folder / "index.html").write_text("<html>book</html>", encoding="utf-8")
    (folder / "chapters" / "timeline.html").write_text("<html>timeline</html>", encoding="utf-8")
    return folder


def test_release_folder(html, tmp_path):
    meta = book_meta()
    target = tmp_path / "release" / f"v{meta.version}"
    sums = write_release(html, TINY, target)
    names = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    data_zip = f"data-{json.loads((REPO_ROOT / 'data' / 'datapackage.json').read_text())['version']}.zip"
    assert names == sorted(["CITATION.bib", "CITATION.cff", "SHA256SUMS", f"book-{meta.version}-html.zip", data_zip,
                            "html/index.html", "html/chapters/timeline.html"])
    # every other file is listed with its SHA-256, as sha256sum -c reads it
    listed = dict(reversed(line.split("  ", 1)) for line in sums.read_text().splitlines())
    assert sorted(listed) == [n for n in names if n != "SHA256SUMS"]
    for name, digest in listed.items():
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == digest
    with zipfile.ZipFile(target / data_zip) as zf:
        members = zf.namelist()
    prefix = data_zip[:-4]
    # the descriptor-less fixture is archived with the descriptor it was checked against
    assert f"{prefix}/datapackage.json" in members and f"{prefix}/deaths.csv" in members
    assert (target / "CITATION.bib").read_text() == book_bibtex(meta) + "\n"
    with pytest.raises(ReleaseError, match="exists already"):
        write_release(html, TINY, target)


def test_release_is_reproducible(html, tmp_path):
    one = write_release(html, TINY, tmp_path / "one").read_text()
    two = write_release(html, TINY, tmp_path / "two").read_text()
    assert one == two


def test_committed_citation_bib_matches_citation_cff():
    bib = (REPO_ROOT / "CITATION.bib").read_text(encoding="utf-8")
    assert bib == book_bibtex(book_meta()) + "\n"
    assert bib.startswith("@book{peruprotests") and "YourReferenceHere" not in bib
    assert "author    = {{The Peru Protests Data Book contributors}}" in bib
    assert f"version   = {{{book_meta().version}}}" in bib
