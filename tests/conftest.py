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
