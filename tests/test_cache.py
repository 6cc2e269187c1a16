"""The cache keys and the no-op digest, without running a chapter: what the loader
records, how a key is recomputed from the files a run read, when the build's word that
the data are valid is trusted, and what the inputs digest of a build covers."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from peru_protests import cache, data, inputs
from peru_protests.paths import DESCRIPTOR, PACKAGE_DIR, REPO_ROOT

from conftest import TINY


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded(reads_file: Path) -> list[tuple[str, str]]:
    return [(Path(d["path"]).name, d["sha256"]) for d in map(json.loads, reads_file.read_text().splitlines())]


def test_loader_records_only_the_tables_used(tiny_copy, tmp_path, monkeypatch):
    reads = tmp_path / "reads.jsonl"
    monkeypatch.setenv(data.READS_ENV, str(reads))
    ds = data.load(tiny_copy, validate=False)
    # the fixture has no descriptor of its own: its absence and the shipped one are recorded
    assert recorded(reads) == [("datapackage.json", cache.ABSENT), ("datapackage.json", sha(DESCRIPTOR))]
    assert len(ds.tables) == 13 and "laws" in ds.tables and "nope" not in ds.tables
    assert list(ds.tables)[:2] == ["deaths", "events"]  # names: the descriptor's, nothing read
    assert len(recorded(reads)) == 2
    assert len(ds.deaths) == 10 and len(ds.tables["deaths"]) == 10  # parsed once, recorded once
    assert recorded(reads)[2:] == [("deaths.csv", sha(tiny_copy / "deaths.csv"))]
    with pytest.raises(AttributeError, match="no table 'nope'"):
        ds.nope
    assert sum(len(frame) for frame in ds.tables.values()) > 10  # the contents of every table ...
    assert sorted(name for name, _ in recorded(reads)[2:]) == sorted(f"{n}.csv" for n in ds.tables)  # ... read


def test_nothing_is_recorded_outside_the_build(tiny_copy, tmp_path, monkeypatch):
    monkeypatch.delenv(data.READS_ENV, raising=False)
    ds = data.load(tiny_copy, validate=False)
    assert len(ds.deaths) == 10
    assert list(tmp_path.glob("*.jsonl")) == []


def test_recorded_reads_are_relative_to_the_data_folder(tiny_copy, tmp_path):
    reads = tmp_path / "reads.jsonl"
    lines = [{"path": str(tiny_copy / "deaths.csv"), "sha256": "a"}, {"path": str(DESCRIPTOR), "sha256": "b"},
             {"path": str(tiny_copy / "deaths.csv"), "sha256": "a"}]
    reads.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    assert cache.recorded_reads(reads, tiny_copy) == [{"path": str(DESCRIPTOR), "sha256": "b"},
                                                      {"path": "deaths.csv", "sha256": "a"}]
    # the same file read twice with different bytes: it changed during the run
    reads.write_text(reads.read_text() + json.dumps({"path": str(tiny_copy / "deaths.csv"), "sha256": "c"}) + "\n")
    assert cache.recorded_reads(reads, tiny_copy) is None
    assert cache.recorded_reads(tmp_path / "none.jsonl", tiny_copy) == []  # read nothing


def _fake_entry(cache_dir: Path, scratch: Path, data_dir: Path, base: str, files: list[str]) -> str:
    """A cache entry for chapter 'justice' as the build stores one after a run that read ``files``."""
    reads = [{"path": f, "sha256": cache.file_sha256(data_dir / f)} for f in files]
    key = cache.chapter_key(base, reads)
    place = scratch / "place"
    (place / "chapters").mkdir(parents=True)
    nb = {"cells": [], "metadata": {"peru_protests": {"cache_key": key}}, "nbformat": 4, "nbformat_minor": 5}
    (place / "chapters" / "justice.ipynb").write_text(json.dumps(nb))
    cache.store(place, cache_dir, "chapters/justice", key, base, reads)
    return key


def test_lookup_follows_the_files_read_and_only_them(tiny_copy, tmp_path):
    cache_dir, base = tmp_path / "cache", "b" * 64
    key = _fake_entry(cache_dir, tmp_path, tiny_copy, base, ["datapackage.json", "laws.csv"])
    entry, found_key, reads = cache.lookup(cache_dir, "chapters/justice", base, tiny_copy)
    assert found_key == key and entry.name == cache.entry_name("justice", key)
    assert [r["path"] for r in reads] == ["datapackage.json", "laws.csv"]
    assert cache.reads_of(entry) == ["datapackage.json", "laws.csv"]
    assert cache.lookup(cache_dir, "chapters/justice", "c" * 64, tiny_copy) is None  # other notebook/code
    # a copy of the folder elsewhere finds the same entry (data enter by content)
    other = tmp_path / "elsewhere"
    shutil.copytree(tiny_copy, other)
    assert cache.lookup(cache_dir, "chapters/justice", base, other)[1] == key
    # a table the run did not read changes: still the same entry
    (tiny_copy / "deaths.csv").write_text((tiny_copy / "deaths.csv").read_text() + "\n")
    assert cache.lookup(cache_dir, "chapters/justice", base, tiny_copy)[1] == key
    # a table it read changes: no entry
    (tiny_copy / "laws.csv").write_text((tiny_copy / "laws.csv").read_text().replace("Invented.", "Changed."))
    assert cache.lookup(cache_dir, "chapters/justice", base, tiny_copy) is None
    # the folder gains the descriptor it did not have: no entry either
    assert cache.lookup(cache_dir, "chapters/justice", base, other)[1] == key
    shutil.copy(DESCRIPTOR, other / "datapackage.json")
    assert cache.lookup(cache_dir, "chapters/justice", base, other) is None


def test_an_entry_whose_notebook_disagrees_is_not_trusted(tiny_copy, tmp_path):
    cache_dir, base = tmp_path / "cache", "b" * 64
    key = _fake_entry(cache_dir, tmp_path, tiny_copy, base, ["laws.csv"])
    notebook = cache_dir / cache.entry_name("justice", key) / "chapters" / "justice.ipynb"
    notebook.write_text(notebook.read_text().replace(key, "f" * 64))
    assert cache.lookup(cache_dir, "chapters/justice", base, tiny_copy) is None
    assert not notebook.exists()  # removed, with its index
    assert list(cache_dir.glob("*.json")) == []


def test_prune_keeps_the_newest_entries_with_their_index(tiny_copy, tmp_path):
    cache_dir = tmp_path / "cache"
    for i in range(3):
        scratch = tmp_path / f"s{i}"
        _fake_entry(cache_dir, scratch, tiny_copy, str(i) * 64, ["laws.csv"])
    cache.prune(cache_dir, "justice", keep=2)
    assert len([p for p in cache_dir.iterdir() if p.is_dir()]) == 2
    assert len(list(cache_dir.glob("justice-*.json"))) == 2


def test_build_word_that_the_data_are_valid_is_checked(tiny_copy, monkeypatch):
    def refuse(_):
        raise AssertionError("validated again")

    said = {"data_dir": str(tiny_copy), "digest": cache.data_digest(tiny_copy)}
    monkeypatch.setenv(data.VALIDATED_ENV, json.dumps(said))
    assert data.validated_by_build(tiny_copy)
    monkeypatch.setattr(data, "require_valid", refuse)
    assert len(data.load(tiny_copy).deaths) == 10  # trusted: not validated again
    (tiny_copy / "laws.csv").write_text((tiny_copy / "laws.csv").read_text() + "\n")
    assert not data.validated_by_build(tiny_copy)  # stale: any change to any file
    with pytest.raises(AssertionError, match="validated again"):
        data.load(tiny_copy)
    for word in ["", "not json", json.dumps({"data_dir": str(TINY), "digest": said["digest"]})]:
        monkeypatch.setenv(data.VALIDATED_ENV, word)
        assert not data.validated_by_build(tiny_copy)


@pytest.fixture
def repo_copy(tmp_path, monkeypatch):
    """A repository root and a package folder of its own, for the inputs digest."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ["_config.yml", "_toc.yml", "CITATION.cff", "intro.md", "requirements.txt"]:
        shutil.copy2(REPO_ROOT / name, root / name)
    shutil.copytree(REPO_ROOT / "chapters", root / "chapters", ignore=shutil.ignore_patterns("downloads"))
    shutil.copytree(TINY, root / "data")
    (root / "_static").mkdir()
    (root / "_static" / "book.css").write_text("body { color: black; }\n")
    package = tmp_path / "package"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    (package / "locale" / "es" / "LC_MESSAGES" / "test.po").write_text('msgid ""\nmsgstr ""\n')
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    monkeypatch.setattr(inputs, "PACKAGE_DIR", package)
    return root, package


def test_inputs_digest_changes_with_anything_the_book_is_built_from(repo_copy):
    root, package = repo_copy

    def digest(**kw):
        args = {"overrides": [], "allow_markup": False, **kw}
        return inputs.inputs_digest(root, root / "data", root / "_build", root / "_build" / "html", **args)

    first = digest()
    assert digest() == first  # same inputs, same digest
    # what does not reach the book: the build and output folders, tests, hidden files
    (root / "_build" / "html").mkdir(parents=True)
    (root / "_build" / "html" / "index.html").write_text("x")
    (root / "tests").mkdir()
    (root / "tests" / "test_x.py").write_text("x")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("x")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.pyc").write_bytes(b"x")
    assert digest() == first
    # what does: every one of these changes the digest
    assert digest(overrides=["start=2023-01-01"]) != first
    assert digest(allow_markup=True) != first
    changes = [root / "intro.md", root / "_config.yml", root / "_static" / "book.css",
               root / "chapters" / "timeline.ipynb", root / "data" / "laws.csv",
               package / "locale" / "es" / "LC_MESSAGES" / "test.po", package / "timeline.py"]
    for path in changes:
        before = path.read_bytes()
        path.write_bytes(before + b"\n")
        assert digest() != first, path
        path.write_bytes(before)
        assert digest() == first, path
    (root / "_static" / "new.js").write_text("")  # a new file counts too
    assert digest() != first


def test_tree_size(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.html").write_text("12345")
    (tmp_path / "y").write_text("12")
    assert inputs.tree_size(tmp_path) == [2, 7]


def test_benchmark_edit_keeps_the_data_valid(tmp_path):
    """The benchmark's one-table edit: the least-read table, one free-text cell, still valid."""
    import importlib.util

    from peru_protests.validate import validate_dir

    spec = importlib.util.spec_from_file_location("bench", REPO_ROOT / "benchmarks" / "build.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    root = tmp_path / "repo"
    shutil.copytree(TINY, root / "data")
    shutil.copy(DESCRIPTOR, root / "data" / "datapackage.json")
    reads = {"timeline": ["deaths.csv", "sources.csv"], "justice": ["deaths.csv", "laws.csv"],
             "data": ["deaths.csv", "laws.csv", "sources.csv"]}
    assert bench.least_read_table(root, reads) == ("laws.csv", ["data", "justice"])
    before = (root / "data" / "laws.csv").read_text().splitlines()
    column = bench.edit_one_cell(root, "laws.csv")
    after = (root / "data" / "laws.csv").read_text().splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [len(before) - 1]  # the last row only
    assert column in before[0].split(",") and after[-1].count(bench.EDIT) == 1
    assert validate_dir(root / "data") == []
