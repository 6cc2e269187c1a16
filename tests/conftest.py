import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
TINY = TESTS / "fixtures" / "tiny"


@pytest.fixture
def tiny_copy(tmp_path):
    """A writable copy of the tiny fixture data directory."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture(scope="session")
def shipped_book():
    """The book built from the shipped data into ``_build/html`` (once per test session;
    the build's own up-to-date check makes a second build a no-op). Read-only for tests."""
    from peru_protests.build import build
    from peru_protests.paths import REPO_ROOT

    out = REPO_ROOT / "_build" / "html"
    build(out_dir=out)
    return out


@pytest.fixture(scope="session")
def tiny_book(tmp_path_factory):
    """Both editions built once from the tiny fixture (read-only for tests; a test that
    edits data or rebuilds makes its own)."""
    from peru_protests.build import build

    base = tmp_path_factory.mktemp("tiny-book")
    shutil.copytree(TINY, base / "data")
    build(data_dir=base / "data", out_dir=base / "html", build_dir=base / "build", jobs=2)
    return base
