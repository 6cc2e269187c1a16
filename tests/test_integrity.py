"""Integrity of the build under hostile data and careless use (real builds, no mocks):
injected markup stays text, a killed or concurrent build never publishes chapters of
other data, and ``--out`` never replaces a folder the build did not make."""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from peru_protests.build import UsageError, build, read_toc
from peru_protests.paths import REPO_ROOT
from peru_protests.publish import MARKER, recover

from conftest import TINY

CHAPTERS = sorted(page.name for page in read_toc(REPO_ROOT) if page.is_notebook)

# --- the injection corpus ----------------------------------------------------------------

PAYLOADS = {
    # (file, key column, key value, column): payload
    ("deaths.csv", "death_id", "D004", "name_published"): "Ana <script>alert('name')</script> Quispe",
    ("events.csv", "event_id", "2022-12-07-start", "title"): "=HYPERLINK(\"http://evil.example\",\"click\") <img src=x onerror=alert('title')>",
    ("events.csv", "event_id", "2022-12-15-town-b", "place"): "<details open ontoggle=alert('place')>Town B</details>",
    ("departments.csv", "department_code", "21", "name"): "Puno <b onmouseover=alert('dept')>x</b> $\\alpha$",
    ("sources.csv", "source_id", "fix-a", "organisation"): "Office <iframe src=javascript:alert('org')></iframe>",
    ("sources.csv", "source_id", "fix-a", "title"): "[t](javascript:alert('title')) {raw}`html <script>alert('raw')</script>`",
    ("sources.csv", "source_id", "fix-b", "url"): "javascript:alert('url')",
    ("sources.csv", "source_id", "fix-c", "url"): "../../../../etc/hosts",
    ("recommendations.csv", "recommendation_id", "fixture-ngo-2023-02-16-1", "evidence"): "{download}`x <../../../../etc/hosts>`",
    ("recommendations.csv", "recommendation_id", "fixture-body-2023-03-01-1", "recommendation"): "@SUM(1+1) ```{raw} html",
    ("official_counts.csv", "final", "yes", "organisation"): "<!-- c --><style>body{display:none}</style> Office",
    ("investigations.csv", "case_id", "case-town-b", "title"): "+cmd|' /C calc'!A0 <a href=\"javascript:alert('case')\">case</a>",
    ("laws.csv", "law_id", None, "title"): "-2+3 :::{admonition} x &lt;script&gt;alert('entity')&lt;/script&gt;",
    ("caseload.csv", "observation_id", None, "organisation"): "Fiscalía {glue:md}`total` <svg onload=alert('svg')>",
}
FORMULA_CELLS = ["=HYPERLINK", "@SUM(1+1)", "+cmd|", "-2+3"]


def _inject(data: Path) -> None:
    for (name, key_col, key, column), payload in PAYLOADS.items():
        path = data / name
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        fields = list(rows[0])
        hits = [r for r in rows if key is None or r[key_col] == key]
        assert hits, (name, key)
        hits[0][column] = payload
        if column == "name_published":
            hits[0]["name_status"] = "full_name"  # an adult (34) named in full
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def _keep_headline_sources(data: Path) -> None:
    """The payloads rename the producer of the final count and the publisher of fix-a, so the
    headline rows also cite fix-b (a national outlet): the rule headline-cites-producer, which
    compares those names, is not what this corpus tests."""
    for name, key_col, key in (("official_counts.csv", "final", "yes"),
                               ("field_provenance.csv", "provenance_id", "departments.population_2017_census")):
        path = data / name
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            if row[key_col] == key:
                row["source_ids"] += ";fix-b"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


class _Elements(HTMLParser):
    """Every element and attribute of a page, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        (self.scripts if self._in in ("script", "style") else self.text).append(data)


def _parse(page: Path) -> _Elements:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _text(page: Path) -> str:
    """The visible text of a page, with typographic quotes made straight again."""
    text = " ".join(_parse(page).text)
    return text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    shutil.copytree(TINY, data)
    _inject(data)
    _keep_headline_sources(data)
    build(data_dir=data, out_dir=base / "html", build_dir=base / "build", jobs=2, allow_markup=True)
    return base


def test_markup_in_data_is_refused_by_default(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    _inject(data)
    with pytest.raises(Exception) as info:
        build(data_dir=data, out_dir=tmp_path / "html", build_dir=tmp_path / "build")
    report = str(info.value)
    assert report.count("text-no-markup") == 12 and report.count("url-http") == 2, report
    assert not (tmp_path / "html").exists()


def test_no_injected_element_or_attribute_is_live(hostile_book):
    pages = sorted((hostile_book / "html").rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        parsed = _parse(page)
        for tag, attrs in parsed.elements:
            where = f"{page.name}: <{tag} {attrs}>"
            assert tag not in ("iframe", "details", "svg", "style") or "alert" not in str(attrs), where
            # the theme has its own handlers (onclick="window.print()"); none may come from the data
            # alt, title and aria-label are text (a figure's alt text states its finding with the
            # data's names, payloads included, as inert text); every other attribute is checked
            assert not any("alert" in value for name, value in attrs.items()
                           if name not in ("alt", "title", "aria-label")), where
            assert not any(name.startswith("on") and "alert" in value for name, value in attrs.items()), where
            assert not any(v.strip().lower().startswith("javascript:") for v in attrs.values()), where
            assert "etc/hosts" not in attrs.get("href", "") + attrs.get("src", ""), where
            if tag == "img":
                assert attrs.get("src") != "x", where
            if tag == "script":
                assert "alert" not in str(attrs), where
        inline_scripts = [t for t in parsed.scripts if "alert" in t or "display:none" in t]
        assert not inline_scripts, (page.name, inline_scripts)
    # the payloads are shown, as text, where their cells are shown
    timeline = _text(hostile_book / "html" / "chapters" / "timeline.html")
    assert "<details open ontoggle=alert('place')>Town B</details>" in timeline
    assert "Puno <b onmouseover=alert('dept')>x</b> $\\alpha$" in timeline
    sources = _text(hostile_book / "html" / "chapters" / "sources.html")
    assert "[t](javascript:alert('title')) {raw}`html <script>alert('raw')</script>`" in sources
    justice = _text(hostile_book / "html" / "chapters" / "justice.html")
    assert "{download}`x <../../../../etc/hosts>`" in justice
    assert "Fiscalía {glue:md}`total` <svg onload=alert('svg')>" in justice


def test_no_file_outside_the_data_is_copied(hostile_book):
    site = hostile_book / "html"
    assert not [p for p in site.rglob("hosts*")]
    system_hosts = Path("/etc/hosts").read_bytes() if Path("/etc/hosts").is_file() else None
    if system_hosts:
        assert not [p for p in site.rglob("*") if p.is_file() and p.read_bytes() == system_hosts]


def test_math_in_data_is_not_rendered(hostile_book):
    for page in (hostile_book / "html" / "chapters").glob("*.html"):
        classes = " ".join(a.get("class", "") for _, a in _parse(page).elements)
        assert "math" not in classes.split(), page.name


def test_downloads_neutralise_formulas(hostile_book):
    cells = []
    for path in (hostile_book / "html" / "_downloads").rglob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            cells += [c for row in csv.reader(fh) for c in row]
    for start in FORMULA_CELLS:
        assert not [c for c in cells if c.startswith(start)], start
        assert [c for c in cells if c.startswith("'" + start)], f"{start}: the payload should be in a download"


# --- the cache and publishing under kills and concurrency ------------------------------------

def _variant(base: Path, name: str, region: str) -> Path:
    data = base / name
    shutil.copytree(TINY, data)
    path = data / "departments.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("21,Puno,", f"21,{region},"), encoding="utf-8")
    return data


def _run(data: Path, out: Path, build_dir: Path, crash: str | None = None, wait=True):
    """Build in a subprocess whose output goes to files (a killed build's kernels must not
    keep a pipe open); returns (exit code, stdout, stderr), or the process and its log
    files when ``wait`` is false."""
    env = {**os.environ, "PERU_PROTESTS_CRASH_AT": crash or ""}
    code = (f"from peru_protests.build import build; build(data_dir={str(data)!r}, out_dir={str(out)!r}, "
            f"build_dir={str(build_dir)!r}, jobs=2)")
    logs = Path(tempfile.mkdtemp(prefix="build-log-"))
    with open(logs / "out", "w") as fo, open(logs / "err", "w") as fe:
        proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=fo, stderr=fe, text=True)
    if not wait:
        return proc, logs
    proc.wait(timeout=600)
    return proc.returncode, (logs / "out").read_text(), (logs / "err").read_text()


def _book_data(out: Path) -> set[str]:
    """The data folder every published chapter was executed on (from its executed copy)."""
    found = set()
    for name in CHAPTERS:
        nb = json.loads((out / "_sources" / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))
        found.add(nb["metadata"]["papermill"]["parameters"]["data_dir"])
    return found


def test_killed_builds_never_publish_other_data(tmp_path):
    a, b = _variant(tmp_path, "data-a", "Puno"), _variant(tmp_path, "data-b", "Altiplano")
    build_dir, out = tmp_path / "build", tmp_path / "book"

    # 1. killed after the first chapter reached the cache
    code, log, _ = _run(a, out, build_dir, crash="after-chapter")
    assert code == -signal.SIGKILL and log.count("] done") == 1
    assert len([p for p in (build_dir / "cache").iterdir() if p.is_dir()]) == 1  # one entry (and its index)
    code, log, err = _run(b, out, build_dir)
    assert code == 0, err
    assert log.count("] done") == len(CHAPTERS) and "[cached]" not in log
    assert _book_data(out) == {str(b)}
    assert "(2 deaths, in Altiplano)" in (out / "chapters" / "timeline.html").read_text(encoding="utf-8")

    # 2. killed while compiling: the published book of b is untouched, no scratch is trusted
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    code, _, _ = _run(a, out, build_dir, crash="compile")
    assert code == -signal.SIGKILL
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before and _book_data(out) == {str(b)}

    # 3. killed between the two renames of publishing: no book at --out for a moment ...
    code, _, _ = _run(a, out, build_dir, crash="publish-swap")
    assert code == -signal.SIGKILL and not out.exists()
    # ... and the next build puts one back, publishes its own data and leaves no leftovers
    code, log, err = _run(a, out, build_dir)
    assert code == 0, err
    assert "restored the new book" in log
    assert log.count("[cached]") == len(CHAPTERS)  # a's chapters, cached side by side with b's
    assert _book_data(out) == {str(a)}
    assert not list(tmp_path.glob(".book.*")) and not list(build_dir.glob(".s*"))


def test_recover_prefers_the_complete_new_book(tmp_path):
    out = tmp_path / "book"
    old, new, torn = tmp_path / ".book.old-1", tmp_path / ".book.new-2", tmp_path / ".book.new-3"
    for folder, text in ((old, "old"), (new, "new"), (torn, "torn")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    (old / MARKER).write_text("{}")
    (new / MARKER).write_text("{}")  # torn has no marker: its copy never finished
    os.utime(torn, (time.time() + 5, time.time() + 5))
    assert "new" in recover(out)
    assert (out / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book"]


def test_concurrent_builds_each_publish_their_own_data(tmp_path):
    a, b = _variant(tmp_path, "data-a", "Puno"), _variant(tmp_path, "data-b", "Altiplano")
    build_dir = tmp_path / "build"
    first, first_logs = _run(a, tmp_path / "book-a", build_dir, wait=False)
    time.sleep(1)
    second, second_logs = _run(b, tmp_path / "book-b", build_dir, wait=False)
    codes = [first.wait(timeout=900), second.wait(timeout=900)]
    logs = [(p / "out").read_text() + (p / "err").read_text() for p in (first_logs, second_logs)]
    assert codes == [0, 0], logs
    assert sum("waiting for it to finish" in log for log in logs) == 1, logs  # one waited for the other
    assert _book_data(tmp_path / "book-a") == {str(a)}
    assert _book_data(tmp_path / "book-b") == {str(b)}


# --- --out, -p data_dir and Ctrl-C -------------------------------------------------------------

@pytest.mark.parametrize("target", ["repo", "data", "home", "root", "build", "parent-of-data", "inside-data",
                                    "foreign", "file"])
def test_out_refusals(tmp_path, target):
    data = tmp_path / "work" / "data"
    shutil.copytree(TINY, data)
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me")
    (tmp_path / "a-file").write_text("keep me")
    out = {"repo": REPO_ROOT, "data": data, "home": Path.home(), "root": Path("/"),
           "build": tmp_path / "build", "parent-of-data": data.parent, "inside-data": data / "site",
           "foreign": foreign, "file": tmp_path / "a-file"}[target]
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    with pytest.raises(UsageError) as info:
        build(data_dir=data, out_dir=out, build_dir=tmp_path / "build")
    assert "--out" in str(info.value) and "choose" in str(info.value).lower()
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before  # nothing created or removed
    assert (foreign / "mine.txt").read_text() == "keep me"


def test_a_book_of_an_older_version_at_the_default_place_may_be_replaced(tmp_path):
    from peru_protests.publish import PublishError, check_out_dir

    repo = tmp_path / "repo"
    old = repo / "_build" / "html"
    old.mkdir(parents=True)
    (old / "index.html").write_text("an older book")
    kwargs = {"root": repo, "data_dir": repo / "data", "build_dir": repo / "_build"}
    with pytest.raises(PublishError):
        check_out_dir(old, **kwargs)  # no marker and not a Sphinx build: refused
    (old / ".buildinfo").write_text("# Sphinx build info version 1")
    check_out_dir(old, **kwargs)
    elsewhere = tmp_path / "site"
    shutil.copytree(old, elsewhere)
    with pytest.raises(PublishError):
        check_out_dir(elsewhere, **kwargs)  # only at the default place


def test_cli_out_refusal_exit_code(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "peru_protests", "build", "--data", str(TINY), "--out", "."],
                          cwd=REPO_ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: --out") and "the repository" in proc.stderr
    assert (REPO_ROOT / "src" / "peru_protests").is_dir()


def test_data_dir_parameter_is_refused(tmp_path):
    with pytest.raises(UsageError, match="use --data"):
        build(data_dir=TINY, out_dir=tmp_path / "html", build_dir=tmp_path / "build",
              overrides=["data_dir=/elsewhere"])
    with pytest.raises(UsageError, match="use --data"):
        build(data_dir=TINY, out_dir=tmp_path / "html", build_dir=tmp_path / "build",
              overrides=["timeline.data_dir=/elsewhere"])


def test_ctrl_c_ends_with_one_line(tmp_path):
    out = tmp_path / "book"
    proc = subprocess.Popen([sys.executable, "-m", "peru_protests", "build", "--data", str(TINY), "--out", str(out),
                             "--build-dir", str(tmp_path / "build")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list((tmp_path / "build").glob(".scratch-*")):
        time.sleep(0.2)
    time.sleep(3)  # chapters are running
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines == ["Interrupted: nothing new was published; the book already built is as it was "
                     "(the next build cleans up)."], err
    assert not out.exists()
