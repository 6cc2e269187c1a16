"""Load a validated data directory into typed pandas tables.

Types come from the data folder's own descriptor (its ``datapackage.json``; the shipped
``data/datapackage.json`` only for a folder without one), so a column is parsed the
same way everywhere. Empty cells become missing values (``NA``/``NaT``): unknown
stays unknown.

Tables are read when first used (:class:`Tables`), and every file read is recorded
with the SHA-256 of the very bytes parsed when the build asks for it (the environment
variable :data:`READS_ENV` names a file; one JSON line per file read, the descriptor
included). The build keys a chapter's cache entry by what its run actually read
(:mod:`peru_protests.cache`). Asking for the names or the number of tables reads the
descriptor only; iterating over the tables' contents reads (and records) them all.

Validation: :func:`load` validates the folder unless the build has just validated it
and says so (:data:`VALIDATED_ENV`: the folder and the digest of its content). That
word is trusted only if the folder's content still has that digest, computed again
here; otherwise the folder is validated as usual.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from peru_protests.cache import ABSENT, data_digest
from peru_protests.paths import data_dir_or_default
from peru_protests import descriptor as descriptors
from peru_protests.validate import DataValidationError, require_valid, split_list


class Dataset:
    """The book's tables, typed, from one data directory: ``ds.deaths``, ``ds.events``
    ... one attribute per resource of the descriptor (``ds.tables`` holds them all)."""

    def __init__(self, data_dir: Path, tables: dict[str, pd.DataFrame], descriptor: dict | None = None,
                 descriptor_shipped: bool = False):
        self.data_dir = data_dir
        self.tables = tables
        self.descriptor = descriptor or {}
        self.descriptor_shipped = descriptor_shipped  # True: the folder has no datapackage.json of its own

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"no table '{name}' (tables: {', '.join(tables)})")

    def source_ids(self, frame: pd.DataFrame) -> list[str]:
        """Distinct source ids cited by the rows of ``frame``, in first-cited order."""
        seen: dict[str, None] = {}
        for cell in frame["source_ids"]:
            for sid in split_list(cell):
                seen.setdefault(sid, None)
        return list(seen)


    def citations(self) -> pd.Series:
        """How many rows of the other tables cite each source (0 for an uncited one)."""
        counts = dict.fromkeys(self.sources["source_id"], 0)
        for name in self.tables:
            if name == "sources" or not _has_field(self.descriptor, name, "source_ids"):
                continue  # a table without the column is not read (its columns are the descriptor's)
            frame = self.tables[name]
            for cell in frame["source_ids"]:
                for sid in split_list(cell):
                    counts[sid] += 1
        return pd.Series(counts, name="cited_by_rows")


READS_ENV = "PERU_PROTESTS_READS"  # a file: one JSON line per data file read
VALIDATED_ENV = "PERU_PROTESTS_VALIDATED"  # JSON {"data_dir": ..., "digest": ...} set by the build


def record_read(path: Path, content: bytes | None) -> None:
    """Append ``path`` and the SHA-256 of ``content`` (``None``: looked for, not found) to
    the reads file, when the build asked for one (:data:`READS_ENV`)."""
    target = os.environ.get(READS_ENV)
    if not target:
        return
    digest = ABSENT if content is None else hashlib.sha256(content).hexdigest()
    line = json.dumps({"path": str(Path(path).resolve()), "sha256": digest})
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


class Tables(Mapping):
    """The tables of a data folder by name, each parsed (and its read recorded) the first
    time it is used. Names, ``len`` and ``in`` come from the descriptor alone."""

    def __init__(self, data_dir: Path, resources: list[dict]):
        self._data_dir = data_dir
        self._resources = {res["name"]: res for res in resources}
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            res = self._resources[name]  # KeyError for an unknown table, as a dict
            path = self._data_dir / res["path"]
            content = path.read_bytes()
            record_read(path, content)
            self._frames[name] = _typed(content, res["schema"]["fields"])
        return self._frames[name]

    def __iter__(self):
        return iter(self._resources)

    def __len__(self) -> int:
        return len(self._resources)

    def __contains__(self, name) -> bool:
        return name in self._resources


def _has_field(descriptor: dict, table: str, name: str) -> bool:
    for res in descriptor.get("resources", []):
        if res["name"] == table:
            return any(f["name"] == name for f in res["schema"]["fields"])
    return True  # not described: read it and look


def _typed(content: bytes, fields: list[dict]) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    for field in fields:
        col = field["name"]
        kind = field["type"]
        if kind == "date":
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif kind == "integer":
            frame[col] = pd.to_numeric(frame[col]).astype("Int64")
        elif kind == "number":
            frame[col] = pd.to_numeric(frame[col]).astype("Float64")
    return frame


def load(data_dir: str | Path | None = None, validate: bool = True) -> Dataset:
    """Validate ``data_dir`` (default: the book's ``data/``) and load its tables.

    Raises :class:`peru_protests.validate.DataValidationError`, listing every problem,
    when the directory does not validate.
    """
    data_dir = data_dir_or_default(data_dir)
    if validate and not validated_by_build(data_dir):
        require_valid(data_dir)
    info = descriptors.read(data_dir)  # the folder's own descriptor, else the shipped one
    if info.content is None:
        raise DataValidationError(data_dir, info.problems)
    if info.shipped:  # the folder has no descriptor of its own: adding one must change the key
        record_read(data_dir / descriptors.NAME, None)
    record_read(info.path, info.path.read_bytes())
    return Dataset(data_dir, Tables(data_dir, info.content["resources"]), info.content, info.shipped)


def validated_by_build(data_dir: Path) -> bool:
    """True when the build validated ``data_dir`` and its content has not changed since
    (same digest now as then). Anything else, including a malformed word, is False."""
    try:
        said = json.loads(os.environ.get(VALIDATED_ENV) or "{}")
        return (Path(said["data_dir"]).resolve() == Path(data_dir).resolve()
                and said["digest"] == data_digest(Path(data_dir)))
    except (ValueError, KeyError, TypeError, OSError):
        return False
